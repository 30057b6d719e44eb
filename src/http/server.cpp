// http::Server on Boost.Beast: listeners, per-connection sessions and graceful shutdown. The only Beast/Asio TU.
#include "http/server.h"

#include <sys/socket.h>

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <csignal>
#include <exception>
#include <optional>
#include <string_view>
#include <thread>
#include <unordered_set>
#include <utility>
#include <vector>

#include "core/log.h"

namespace dv::http {
namespace {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;
using ReusePort = net::detail::socket_option::boolean<SOL_SOCKET, SO_REUSEPORT>;

// First read of a request: big enough for a typical request line and headers in one go.
constexpr size_t kReadChunk = 8192;
// After a final response with Connection: close we read and discard what the client is still sending (see
// Session::Linger) for at most this long and this much.
constexpr auto kLingerTimeout = std::chrono::seconds(2);
constexpr size_t kLingerMaxBytes = size_t{1024} * 1024;
// accept() failures such as EMFILE repeat immediately; retrying at once would spin a core.
constexpr auto kAcceptRetryDelay = std::chrono::milliseconds(100);
constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
constexpr std::string_view kTooLarge = "The request body is larger than the limit.";

// The problem details (RFC 9457) body for the errors the server itself answers. `detail` is a fixed text, never
// request data, so it needs no JSON escaping.
Response Problem(int status, std::string_view detail) {
    Response res;
    res.status = status;
    res.SetHeader("Content-Type", "application/problem+json");
    res.body = R"({"type":"about:blank","title":")";
    res.body += StatusReason(status);
    res.body += R"(","status":)";
    res.body += std::to_string(status);
    res.body += R"(,"detail":")";
    res.body += detail;
    res.body += R"("})";
    return res;
}

bool IsTokenChar(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

// Beast 1.81 writes header names and values as given; a CR or LF coming from request data (a redirect built from
// the decoded path, say) would let a client inject headers or a second response.
bool IsValidHeader(std::string_view name, std::string_view value) {
    if (name.empty() || !std::all_of(name.begin(), name.end(), IsTokenChar)) return false;
    return std::none_of(value.begin(), value.end(), [](char c) {
        auto byte = static_cast<unsigned char>(c);
        return (byte < 0x20 && byte != '\t') || byte == 0x7F;
    });
}

// A multipart/form-data body, which gets ServerOptions::upload_limit.
bool IsUpload(std::string_view content_type) {
    std::string_view media = content_type.substr(0, content_type.find(';'));
    while (!media.empty() && (media.back() == ' ' || media.back() == '\t')) media.remove_suffix(1);
    while (!media.empty() && (media.front() == ' ' || media.front() == '\t')) media.remove_prefix(1);
    return IEquals(media, "multipart/form-data");
}

std::string AddressText(const net::ip::address& address) {
    // On a dual-stack "::" listener IPv4 clients appear as ::ffff:a.b.c.d; logs and rate limits want a.b.c.d.
    if (address.is_v6() && address.to_v6().is_v4_mapped()) {
        return net::ip::make_address_v4(net::ip::v4_mapped, address.to_v6()).to_string();
    }
    return address.to_string();
}

std::string EndpointText(const net::ip::address& address, uint16_t port) {
    std::string host = address.to_string();
    if (address.is_v6()) host = "[" + host + "]";
    return host + ":" + std::to_string(port);
}

std::optional<net::ip::address> ResolveHost(std::string_view host) {
    if (host == "localhost") return net::ip::address(net::ip::address_v4::loopback());
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    beast::error_code ec;
    auto address = net::ip::make_address(host, ec);
    if (ec) return std::nullopt;
    return address;
}

// Fills path and query from the target. Only origin-form ("/path?query") is accepted: absolute-form is for proxies
// and "*" (OPTIONS *) has no route, so both get 400 rather than a path the router never expects.
bool SplitTarget(Request& req) {
    std::string_view target = req.target;
    if (target.empty() || target.front() != '/') return false;
    size_t question = target.find('?');
    if (question != std::string_view::npos) req.query = std::string(target.substr(question + 1));
    if (!PercentDecode(target.substr(0, question), req.path, false)) return false;
    // A NUL would cut the path short wherever it meets a C API (file names, SQLite text, logs).
    return req.path.find('\0') == std::string::npos;
}

class Session;

// One thread's share of the server: its io_context, its acceptor on the shared port, and its connections.
// Everything here is touched only on the worker's own thread, except `ioc` (thread-safe by itself).
struct Worker {
    ~Worker() {
        // I/O objects must go before their io_context. The timer is reset, not left to member destruction, because
        // sessions still queued in `ioc` (after an aborted Run) are destroyed with it and look at `grace_timer`.
        acceptor.reset();
        accept_retry_timer.reset();
        grace_timer.reset();
    }

    std::unordered_set<Session*> sessions;
    bool shutting_down = false;
    std::optional<tcp::acceptor> acceptor;
    std::optional<net::steady_timer> accept_retry_timer;
    std::optional<net::steady_timer> grace_timer;
    // Declared last so it is destroyed first, while the members above still exist.
    net::io_context ioc{1};
};

class ServerCore {
public:
    ServerCore(ServerOptions options, Handler handler, Observer observer)
        : options_(std::move(options)), handler_(std::move(handler)), observer_(std::move(observer)) {}

    bool Listen(std::string& error);
    void Run();
    void Stop();
    uint16_t port() const { return port_; }
    int open_connections() const { return open_connections_.load(); }

    // For sessions.
    const ServerOptions& options() const { return options_; }
    bool stopping() const { return stopping_.load(std::memory_order_acquire); }
    Response CallHandler(Request& req);
    void Observe(const Request& req, const Response& res, std::chrono::microseconds elapsed);
    void OnSessionOpened(Worker& worker, Session* session);
    void OnSessionClosed(Worker& worker, Session* session);

private:
    void Accept(Worker& worker);
    void BeginShutdown(Worker& worker);

    ServerOptions options_;
    Handler handler_;
    Observer observer_;
    std::atomic<int> open_connections_{0};
    std::atomic<bool> stopping_{false};
    uint16_t port_ = 0;
    // Sessions hold references to their worker and call back into this object while being destroyed, so the
    // members above must outlive `workers_`.
    std::vector<std::unique_ptr<Worker>> workers_;
    // Lives on workers_[0]->ioc and is destroyed before it.
    std::optional<net::signal_set> signals_;
};

// One connection, from accept to close. It lives on its worker's io_context, which only one thread runs, so its
// handlers never run concurrently and no strand is needed. Exactly one asynchronous operation is pending at any
// time (besides the stream's internal timer); the shared_ptr captured by it keeps the session alive.
class Session : public std::enable_shared_from_this<Session> {
public:
    Session(ServerCore& server, Worker& worker, tcp::socket socket)
        : server_(server), worker_(worker), stream_(std::move(socket)) {
        server_.OnSessionOpened(worker_, this);
    }
    ~Session() { server_.OnSessionClosed(worker_, this); }
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    void Start();
    // Shutdown has begun: a connection waiting for its next request closes now; one in the middle of a request
    // finishes it (its response says Connection: close).
    void OnShutdown();
    // shutdown_grace has run out.
    void Abort() { stream_.close(); }

private:
    void WaitForRequest();
    void OnFirstBytes(beast::error_code ec, size_t bytes);
    void StartRequest();
    void OnHeader(beast::error_code ec, size_t bytes);
    void OnContinueWritten(beast::error_code ec, size_t bytes);
    void ReadBody();
    void OnRead(beast::error_code ec, size_t bytes);
    void OnReadError(beast::error_code ec);
    void Handle();
    void SendError(int status, std::string_view detail);
    void Send(Response response, bool keep_alive);
    void OnWrite(beast::error_code ec, size_t bytes);
    void Linger();
    void OnLingerRead(beast::error_code ec, size_t bytes);
    void Close();

    ServerCore& server_;
    Worker& worker_;
    beast::tcp_stream stream_;
    beast::flat_buffer buffer_;
    std::string remote_addr_;
    // Waiting for the first byte of a request: the only state in which shutdown closes the connection at once.
    bool idle_ = false;
    bool served_any_ = false;
    // Per request.
    std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
    Clock::time_point request_start_;
    Clock::time_point read_deadline_;
    unsigned version_ = 11;
    bool head_ = false;
    bool keep_alive_ = false;
    bool body_in_wire_ = false;
    Request request_;
    Response response_;
    // The response being written; must stay alive until the write completes.
    bhttp::response<bhttp::string_body> wire_;
    size_t lingered_bytes_ = 0;
};

void Session::Start() {
    beast::error_code ec;
    stream_.socket().set_option(tcp::no_delay(true), ec);
    auto endpoint = stream_.socket().remote_endpoint(ec);
    if (!ec) remote_addr_ = AddressText(endpoint.address());
    WaitForRequest();
}

void Session::OnShutdown() {
    // Only the wait for a first byte is cancelled. If that read has already completed with data, its handler is
    // queued and sees a successful read: the request is served, with Connection: close.
    if (idle_) stream_.cancel();
}

// Waits for the first bytes of the next request on their own, so that "idle" and "reading a request" are told
// apart exactly: for the timeouts, for shutdown (idle connections close, busy ones finish) and for the
// observer's duration, which runs from the first byte of the request to the end of the response.
void Session::WaitForRequest() {
    if (server_.stopping()) return Close();
    if (buffer_.size() > 0) return StartRequest();  // pipelined: the next request is already here
    idle_ = true;
    // A new connection gets read_timeout for its first byte, as part of reading the request it came to send;
    // idle_timeout is for keep-alive connections between requests.
    const auto& options = server_.options();
    stream_.expires_after(served_any_ ? options.idle_timeout : options.read_timeout);
    stream_.async_read_some(buffer_.prepare(kReadChunk),
                            beast::bind_front_handler(&Session::OnFirstBytes, shared_from_this()));
}

void Session::OnFirstBytes(beast::error_code ec, size_t bytes) {
    idle_ = false;
    // Timeout, peer closed, connection reset, or cancelled by shutdown: nothing is owed to anyone.
    if (ec) return Close();
    buffer_.commit(bytes);
    StartRequest();
}

void Session::StartRequest() {
    request_start_ = Clock::now();
    read_deadline_ = request_start_ + server_.options().read_timeout;
    // A fresh parser per request: Beast parsers cannot be reused, and the limits apply per request.
    parser_.emplace();
    // Beast checks Content-Length against the limit while reading the header, before we can see the media
    // type: the larger limit holds until OnHeader knows which one applies.
    parser_->body_limit(std::max(server_.options().body_limit, server_.options().upload_limit));
    parser_->header_limit(server_.options().header_limit);
    stream_.expires_at(read_deadline_);
    bhttp::async_read_header(stream_, buffer_, *parser_,
                             beast::bind_front_handler(&Session::OnHeader, shared_from_this()));
}

void Session::OnHeader(beast::error_code ec, size_t /*bytes*/) {
    if (ec) return OnReadError(ec);
    const auto& req = parser_->get();
    const auto& options = server_.options();
    uint64_t limit = IsUpload(req[bhttp::field::content_type]) ? options.upload_limit : options.body_limit;
    if (parser_->content_length().value_or(0) > limit) return SendError(413, kTooLarge);
    parser_->body_limit(limit);  // a chunked body is counted as it arrives
    if (!parser_->is_done() && req.version() >= 11 && IEquals(req[bhttp::field::expect], "100-continue")) {
        // Clients that ask (curl does for larger uploads) otherwise wait about a second before sending the body.
        stream_.expires_after(server_.options().write_timeout);
        net::async_write(stream_, net::buffer(kContinue.data(), kContinue.size()),
                         beast::bind_front_handler(&Session::OnContinueWritten, shared_from_this()));
        return;
    }
    ReadBody();
}

void Session::OnContinueWritten(beast::error_code ec, size_t /*bytes*/) {
    if (ec) return Close();
    ReadBody();
}

void Session::ReadBody() {
    // read_timeout bounds the whole request, headers and body together, from its first byte.
    stream_.expires_at(read_deadline_);
    bhttp::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&Session::OnRead, shared_from_this()));
}

void Session::OnRead(beast::error_code ec, size_t /*bytes*/) {
    if (ec) return OnReadError(ec);
    Handle();
}

void Session::OnReadError(beast::error_code ec) {
    if (ec == bhttp::error::body_limit) return SendError(413, kTooLarge);
    if (ec == bhttp::error::header_limit) return SendError(431, "The request header fields are larger than the limit.");
    // The peer closed mid-request: there is no one to answer.
    if (ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message) return Close();
    if (ec.category() == beast::error_code(bhttp::error::bad_version).category()) {
        return SendError(400, "The request could not be parsed.");
    }
    Close();  // timeout, connection reset, shutdown abort
}

void Session::Handle() {
    auto msg = parser_->release();
    parser_.reset();
    version_ = msg.version();
    head_ = msg.method() == bhttp::verb::head;

    request_ = Request();
    request_.method = std::string(msg.method_string());
    request_.target = std::string(msg.target());
    request_.headers.reserve(static_cast<size_t>(std::distance(msg.begin(), msg.end())));
    for (const auto& field : msg) request_.headers.emplace_back(field.name_string(), field.value());
    request_.body = std::move(msg.body());
    request_.remote_addr = remote_addr_;
    request_.keep_alive = msg.keep_alive();

    if (!SplitTarget(request_)) {
        // The request was read whole, so the connection is still in step and may be kept.
        return Send(Problem(400, "The request target is not valid."), request_.keep_alive);
    }
    Response response = server_.CallHandler(request_);
    // Read after the handler: clearing keep_alive is how a handler asks for the connection to be closed.
    Send(std::move(response), request_.keep_alive);
}

// Answers a request that could not be read; the connection is out of step with the client, so it is closed.
void Session::SendError(int status, std::string_view detail) {
    version_ = 11;
    head_ = false;
    request_ = Request();
    request_.remote_addr = remote_addr_;
    request_.keep_alive = false;
    // Whatever was parsed before the error (request line, some fields) is in the message: give the observer that.
    if (parser_) {
        const auto& req = parser_->get();
        request_.method = std::string(req.method_string());
        request_.target = std::string(req.target());
        for (const auto& field : req) request_.headers.emplace_back(field.name_string(), field.value());
    }
    parser_.reset();
    const auto& refusal = server_.options().refusal;
    Send(refusal ? refusal(status, request_) : Problem(status, detail), false);
}

void Session::Send(Response response, bool keep_alive) {
    response_ = std::move(response);
    if (response_.status < 200 || response_.status > 599 ||
        !std::all_of(response_.headers.begin(), response_.headers.end(),
                     [](const auto& h) { return IsValidHeader(h.first, h.second); })) {
        log::Write(log::Level::kError, "handler returned an invalid response (status or a header)",
                   {{"status", response_.status}});
        response_ = Problem(500, "The server could not produce a response.");
    }
    keep_alive = keep_alive && !server_.stopping();

    wire_ = {};
    wire_.version(version_);
    wire_.result(static_cast<unsigned>(response_.status));
    if (bhttp::int_to_status(static_cast<unsigned>(response_.status)) == bhttp::status::unknown) {
        wire_.reason(StatusReason(response_.status));
    }
    bool has_server = false;
    for (const auto& [name, value] : response_.headers) {
        // Framing is the server's business: a stale Content-Length from a handler would desynchronise the
        // connection.
        if (IEquals(name, "Content-Length") || IEquals(name, "Transfer-Encoding")) continue;
        if (IEquals(name, "Connection")) {
            if (IEquals(value, "close")) keep_alive = false;
            continue;
        }
        if (IEquals(name, "Server")) has_server = true;
        wire_.insert(name, value);
    }
    if (!has_server) wire_.set(bhttp::field::server, "dangvu");
    // 204 and 304 have no body and no Content-Length. A HEAD response announces the length of the body a GET would
    // get but sends none.
    if (response_.status != 204 && response_.status != 304) {
        wire_.content_length(response_.body.size());
        // Moved, not copied; OnWrite moves it back for the observer.
        if (!head_) {
            wire_.body() = std::move(response_.body);
            body_in_wire_ = true;
        }
    }
    wire_.keep_alive(keep_alive);
    keep_alive_ = keep_alive;

    stream_.expires_after(server_.options().write_timeout);
    bhttp::async_write(stream_, wire_, beast::bind_front_handler(&Session::OnWrite, shared_from_this()));
}

void Session::OnWrite(beast::error_code ec, size_t /*bytes*/) {
    auto elapsed = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - request_start_);
    if (body_in_wire_) response_.body = std::move(wire_.body());
    body_in_wire_ = false;
    server_.Observe(request_, response_, elapsed);
    served_any_ = true;
    // Release the request's memory now rather than when the next request replaces it.
    request_ = Request();
    response_ = Response();
    wire_ = {};
    if (ec) return Close();
    if (!keep_alive_) return Linger();
    WaitForRequest();
}

// Closing a socket that still has unread input makes the kernel send RST, and an RST can make the client drop the
// response it has not read yet: typically the 413 sent while the client is still uploading. So: send FIN, read and
// discard until the client closes, within limits.
void Session::Linger() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    if (ec) return Close();
    buffer_.clear();
    stream_.expires_after(kLingerTimeout);
    stream_.async_read_some(buffer_.prepare(kReadChunk),
                            beast::bind_front_handler(&Session::OnLingerRead, shared_from_this()));
}

void Session::OnLingerRead(beast::error_code ec, size_t bytes) {
    lingered_bytes_ += bytes;
    if (ec || lingered_bytes_ > kLingerMaxBytes) return Close();
    // The deadline set in Linger() still applies: the whole linger is bounded, not each read.
    stream_.async_read_some(buffer_.prepare(kReadChunk),
                            beast::bind_front_handler(&Session::OnLingerRead, shared_from_this()));
}

void Session::Close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.close();
}

bool ServerCore::Listen(std::string& error) {
    auto address = ResolveHost(options_.host);
    if (!address) {
        error = "cannot listen on \"" + options_.host + "\": not an IP address or \"localhost\"";
        return false;
    }
    int threads = options_.threads > 0 ? options_.threads : static_cast<int>(std::thread::hardware_concurrency());
    threads = std::max(threads, 1);

    // Every thread gets its own acceptor on the same port (SO_REUSEPORT) and the kernel spreads connections over
    // them, so threads share no accept queue and no lock. With port 0 the first bind picks the port.
    uint16_t port = options_.port;
    std::vector<std::unique_ptr<Worker>> workers;
    for (int i = 0; i < threads; ++i) {
        auto worker = std::make_unique<Worker>();
        tcp::endpoint endpoint(*address, port);
        beast::error_code ec;
        if (i == 0 && port != 0) {
            // SO_REUSEPORT also lets a second process of the same user bind the port (a stale instance, a second
            // copy started by mistake), and the kernel would then split connections between the two without a word.
            // A plain bind first turns that case into "in use".
            tcp::acceptor probe(worker->ioc);
            probe.open(endpoint.protocol(), ec);
            if (!ec) probe.set_option(net::socket_base::reuse_address(true), ec);
            if (!ec) probe.bind(endpoint, ec);
        }
        auto& acceptor = worker->acceptor.emplace(worker->ioc);
        if (!ec) acceptor.open(endpoint.protocol(), ec);
        if (!ec) acceptor.set_option(net::socket_base::reuse_address(true), ec);
        if (!ec) acceptor.set_option(ReusePort(true), ec);
        if (!ec) acceptor.bind(endpoint, ec);
        if (!ec) acceptor.listen(net::socket_base::max_listen_connections, ec);
        if (!ec && i == 0) port = acceptor.local_endpoint(ec).port();
        if (ec) {
            if (ec == net::error::address_in_use) {
                error = "address " + EndpointText(*address, port) + " is in use";
            } else {
                error = "cannot listen on " + EndpointText(*address, port) + ": " + ec.message();
            }
            return false;
        }
        worker->accept_retry_timer.emplace(worker->ioc);
        workers.push_back(std::move(worker));
    }
    port_ = port;
    workers_ = std::move(workers);
    return true;
}

void ServerCore::Accept(Worker& worker) {
    worker.acceptor->async_accept([this, &worker](beast::error_code ec, tcp::socket socket) {
        if (worker.shutting_down || !worker.acceptor->is_open()) return;
        if (ec == net::error::connection_aborted) return Accept(worker);  // the client gave up; nothing to report
        if (ec) {
            // EMFILE and the like: say so, and try again shortly rather than in a tight loop.
            log::Write(log::Level::kError, "accept failed", {{"error", ec.message()}});
            worker.accept_retry_timer->expires_after(kAcceptRetryDelay);
            worker.accept_retry_timer->async_wait([this, &worker](beast::error_code wait_ec) {
                if (!wait_ec && !worker.shutting_down) Accept(worker);
            });
            return;
        }
        std::make_shared<Session>(*this, worker, std::move(socket))->Start();
        Accept(worker);
    });
}

void ServerCore::Run() {
    if (workers_.empty()) return;
    Worker& first = *workers_[0];
    signals_.emplace(first.ioc, SIGINT, SIGTERM);
    signals_->async_wait([this](beast::error_code ec, int /*signal*/) {
        if (!ec) Stop();
    });
    for (auto& worker : workers_) Accept(*worker);
    if (stopping()) {
        // Stop() came before Listen() had created the workers, so nothing was posted to them.
        for (auto& worker : workers_) net::post(worker->ioc, [this, w = worker.get()] { BeginShutdown(*w); });
    }

    std::vector<std::thread> threads;
    for (size_t i = 1; i < workers_.size(); ++i) threads.emplace_back([w = workers_[i].get()] { w->ioc.run(); });
    // Each run() returns once its io_context has no work left: acceptor closed, sessions gone, timers cancelled.
    first.ioc.run();
    for (auto& thread : threads) thread.join();
    signals_.reset();
}

void ServerCore::Stop() {
    if (stopping_.exchange(true, std::memory_order_acq_rel)) return;
    // Worker state belongs to the worker's thread: hand the work over rather than touching it from here.
    for (auto& worker : workers_) net::post(worker->ioc, [this, w = worker.get()] { BeginShutdown(*w); });
}

// Runs on the worker's thread.
void ServerCore::BeginShutdown(Worker& worker) {
    if (worker.shutting_down) return;
    worker.shutting_down = true;
    beast::error_code ec;
    worker.acceptor->close(ec);
    worker.accept_retry_timer->cancel();
    if (&worker == workers_[0].get() && signals_) signals_->cancel(ec);

    // Copies: the set changes as sessions end, and nothing here may depend on when that happens.
    std::vector<Session*> sessions(worker.sessions.begin(), worker.sessions.end());
    for (Session* session : sessions) session->OnShutdown();
    if (worker.sessions.empty()) return;
    // Closing the sockets, rather than io_context::stop(), lets every session run its handlers to the end, so the
    // observer still sees aborted requests and open_connections() drops to 0 before Run() returns.
    worker.grace_timer.emplace(worker.ioc);
    worker.grace_timer->expires_after(options_.shutdown_grace);
    worker.grace_timer->async_wait([&worker](beast::error_code wait_ec) {
        if (wait_ec) return;  // every session finished in time
        std::vector<Session*> left(worker.sessions.begin(), worker.sessions.end());
        for (Session* session : left) session->Abort();
    });
}

Response ServerCore::CallHandler(Request& req) {
    try {
        return handler_(req);
    } catch (const std::exception& e) {
        log::Write(log::Level::kError, "handler exception", {{"error", e.what()}});
    } catch (...) {
        log::Write(log::Level::kError, "handler exception", {{"error", "(not a std::exception)"}});
    }
    return Problem(500, "The server could not handle the request.");
}

void ServerCore::Observe(const Request& req, const Response& res, std::chrono::microseconds elapsed) {
    if (!observer_) return;
    // An access-log failure must not take the connection down with it.
    try {
        observer_(req, res, elapsed);
    } catch (const std::exception& e) {
        log::Write(log::Level::kError, "observer exception", {{"error", e.what()}});
    } catch (...) {
        log::Write(log::Level::kError, "observer exception", {{"error", "(not a std::exception)"}});
    }
}

void ServerCore::OnSessionOpened(Worker& worker, Session* session) {
    worker.sessions.insert(session);
    open_connections_.fetch_add(1);
}

void ServerCore::OnSessionClosed(Worker& worker, Session* session) {
    worker.sessions.erase(session);
    open_connections_.fetch_sub(1);
    // The last connection is gone: drop the grace timer so this worker's run() can return now.
    if (worker.shutting_down && worker.sessions.empty() && worker.grace_timer) worker.grace_timer->cancel();
}

}  // namespace

struct Server::Impl : ServerCore {
    using ServerCore::ServerCore;
};

Server::Server(ServerOptions options, Handler handler, Observer observer)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler), std::move(observer))) {}

Server::~Server() = default;

bool Server::Listen(std::string& error) { return impl_->Listen(error); }

uint16_t Server::port() const { return impl_->port(); }

void Server::Run() { impl_->Run(); }

void Server::Stop() { impl_->Stop(); }

int Server::open_connections() const { return impl_->open_connections(); }

}  // namespace dv::http
