// Tests of http::Server over real loopback sockets, driven by a small blocking POSIX client (no Beast here).
#include "http/server.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace dv::http {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

struct RawResponse {
    int status = 0;
    Headers headers;
    std::string body;

    std::string_view Header(std::string_view name) const {
        for (const auto& [key, value] : headers) {
            if (IEquals(key, name)) return value;
        }
        return {};
    }
    bool HasHeader(std::string_view name) const {
        for (const auto& h : headers) {
            if (IEquals(h.first, name)) return true;
        }
        return false;
    }
};

// A blocking HTTP/1.1 client over one TCP connection. Every read has a 5 s timeout so a broken server fails a
// test instead of hanging it.
class Client {
public:
    explicit Client(uint16_t port) {
        fd_ = socket(AF_INET, SOCK_STREAM, 0);
        timeval tv{5, 0};
        setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(port);
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        connected_ = connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    }
    ~Client() { Close(); }
    Client(const Client&) = delete;
    Client& operator=(const Client&) = delete;

    bool connected() const { return connected_; }

    void Close() {
        if (fd_ >= 0) close(fd_);
        fd_ = -1;
    }

    bool Send(std::string_view data) {
        while (!data.empty()) {
            ssize_t n = send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
            if (n <= 0) return false;
            data.remove_prefix(static_cast<size_t>(n));
        }
        return true;
    }

    // Reads one response (an interim 1xx counts as one). `head`: the response to a HEAD request has no body.
    std::optional<RawResponse> Read(bool head = false) {
        size_t end;
        while ((end = buffered_.find("\r\n\r\n")) == std::string::npos) {
            if (!Fill()) return std::nullopt;
        }
        RawResponse res;
        std::string head_text = buffered_.substr(0, end);
        buffered_.erase(0, end + 4);
        size_t line_end = head_text.find("\r\n");
        std::string status_line = head_text.substr(0, line_end);
        if (status_line.rfind("HTTP/1.1 ", 0) != 0 || status_line.size() < 12) return std::nullopt;
        res.status = std::stoi(status_line.substr(9, 3));
        while (line_end != std::string::npos) {
            size_t start = line_end + 2;
            line_end = head_text.find("\r\n", start);
            std::string line =
                head_text.substr(start, line_end == std::string::npos ? std::string::npos : line_end - start);
            size_t colon = line.find(':');
            if (colon == std::string::npos) return std::nullopt;
            size_t value_start = line.find_first_not_of(' ', colon + 1);
            res.headers.emplace_back(line.substr(0, colon),
                                     value_start == std::string::npos ? "" : line.substr(value_start));
        }
        if (head || res.status < 200 || res.status == 204 || res.status == 304) return res;
        size_t length = std::stoul(std::string(res.Header("Content-Length")));
        while (buffered_.size() < length) {
            if (!Fill()) return std::nullopt;
        }
        res.body = buffered_.substr(0, length);
        buffered_.erase(0, length);
        return res;
    }

    // Waits for the server to close the connection; returns what arrived before that. Reading stops at the 5 s
    // receive timeout, reported through `closed`.
    std::string ReadUntilClosed(bool* closed = nullptr) {
        bool eof = true;
        while (true) {
            if (!Fill()) {
                eof = errno_at_end_ != EAGAIN && errno_at_end_ != EWOULDBLOCK;
                break;
            }
        }
        if (closed) *closed = eof;
        std::string rest = std::move(buffered_);
        buffered_.clear();
        return rest;
    }

private:
    bool Fill() {
        char chunk[4096];
        ssize_t n = recv(fd_, chunk, sizeof chunk, 0);
        if (n <= 0) {
            errno_at_end_ = n == 0 ? 0 : errno;
            return false;
        }
        buffered_.append(chunk, static_cast<size_t>(n));
        return true;
    }

    int fd_ = -1;
    bool connected_ = false;
    int errno_at_end_ = 0;
    std::string buffered_;
};

ServerOptions TestOptions() {
    ServerOptions options;
    options.host = "127.0.0.1";
    options.port = 0;
    options.threads = 2;
    options.body_limit = 1024;
    options.header_limit = 2048;
    options.read_timeout = 1s;
    options.idle_timeout = 1s;
    options.write_timeout = 5s;
    options.shutdown_grace = 5s;
    return options;
}

Response Echo(Request& req) {
    Response res;
    res.SetHeader("Content-Type", "text/plain");
    res.body = req.method + " " + req.path + " " + req.query + " " + std::to_string(req.body.size());
    return res;
}

// A Server on 127.0.0.1 with a free port, run on its own thread for the life of the object.
class TestServer {
public:
    explicit TestServer(Handler handler, ServerOptions options = TestOptions(), Observer observer = nullptr)
        : server_(std::move(options), std::move(handler), std::move(observer)) {
        std::string error;
        if (!server_.Listen(error)) throw std::runtime_error("Listen: " + error);
        thread_ = std::thread([this] { server_.Run(); });
    }
    ~TestServer() { StopAndJoin(); }

    // Returns how long Run() took to return after Stop().
    std::chrono::milliseconds StopAndJoin() {
        auto start = Clock::now();
        server_.Stop();
        if (thread_.joinable()) thread_.join();
        return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
    }

    Server& server() { return server_; }
    uint16_t port() const { return server_.port(); }

private:
    Server server_;
    std::thread thread_;
};

std::string Get(std::string_view target) { return "GET " + std::string(target) + " HTTP/1.1\r\nHost: test\r\n\r\n"; }

TEST(ServerTest, GetReturnsEcho) {
    TestServer server(Echo);
    Client client(server.port());
    ASSERT_TRUE(client.connected());
    ASSERT_TRUE(client.Send(Get("/a%20b/%C4%91?x=1&y=%20")));
    auto res = client.Read();
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200);
    // The path is decoded, the query is passed on raw.
    EXPECT_EQ(res->body, "GET /a b/\xC4\x91 x=1&y=%20 0");
    EXPECT_EQ(res->Header("Content-Type"), "text/plain");
    EXPECT_EQ(res->Header("Content-Length"), std::to_string(res->body.size()));
    EXPECT_EQ(res->Header("Server"), "dangvu");
}

TEST(ServerTest, HandlerSeesHeadersBodyAndPeer) {
    std::mutex mu;
    Request seen;
    TestServer server([&](Request& req) {
        std::lock_guard lock(mu);
        seen = req;
        return Echo(req);
    });
    Client client(server.port());
    ASSERT_TRUE(client.Send("POST /form HTTP/1.1\r\nHost: test\r\nX-Custom: v1\r\nContent-Length: 5\r\n\r\nhello"));
    auto res = client.Read();
    ASSERT_TRUE(res);
    EXPECT_EQ(res->body, "POST /form  5");
    std::lock_guard lock(mu);
    EXPECT_EQ(seen.target, "/form");
    EXPECT_EQ(seen.Header("x-custom"), "v1");
    EXPECT_EQ(seen.Header("Host"), "test");
    EXPECT_EQ(seen.body, "hello");
    EXPECT_EQ(seen.remote_addr, "127.0.0.1");
    EXPECT_TRUE(seen.keep_alive);
}

TEST(ServerTest, KeepAliveServesTwoRequestsOnOneConnection) {
    TestServer server(Echo);
    Client client(server.port());
    ASSERT_TRUE(client.Send(Get("/one")));
    auto first = client.Read();
    ASSERT_TRUE(first);
    EXPECT_EQ(first->body, "GET /one  0");
    EXPECT_NE(first->Header("Connection"), "close");
    ASSERT_TRUE(client.Send(Get("/two")));
    auto second = client.Read();
    ASSERT_TRUE(second);
    EXPECT_EQ(second->body, "GET /two  0");
    EXPECT_EQ(server.server().open_connections(), 1);
}

TEST(ServerTest, PipelinedRequestsAreAnsweredInOrder) {
    TestServer server(Echo);
    Client client(server.port());
    ASSERT_TRUE(client.Send(Get("/one") + Get("/two") + "GET /three HTTP/1.1\r\nConnection: close\r\n\r\n"));
    for (std::string_view expected : {"GET /one  0", "GET /two  0", "GET /three  0"}) {
        auto res = client.Read();
        ASSERT_TRUE(res);
        EXPECT_EQ(res->body, expected);
    }
    bool closed = false;
    EXPECT_EQ(client.ReadUntilClosed(&closed), "");
    EXPECT_TRUE(closed);
}

TEST(ServerTest, ConnectionCloseIsHonoured) {
    TestServer server(Echo);
    Client client(server.port());
    ASSERT_TRUE(client.Send("GET /x HTTP/1.1\r\nConnection: close\r\n\r\n"));
    auto res = client.Read();
    ASSERT_TRUE(res);
    EXPECT_EQ(res->Header("Connection"), "close");
    bool closed = false;
    client.ReadUntilClosed(&closed);
    EXPECT_TRUE(closed);
}

TEST(ServerTest, BodyOverLimitGets413AndClose) {
    TestServer server(Echo);
    Client client(server.port());
    ASSERT_TRUE(
        client.Send("POST /upload HTTP/1.1\r\nHost: test\r\nContent-Length: 2000\r\n\r\n" + std::string(2000, 'x')));
    auto res = client.Read();
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 413);
    EXPECT_EQ(res->Header("Content-Type"), "application/problem+json");
    EXPECT_EQ(res->body, R"({"type":"about:blank","title":"Payload Too Large","status":413,)"
                         R"("detail":"The request body is larger than the limit."})");
    EXPECT_EQ(res->Header("Connection"), "close");
    bool closed = false;
    client.ReadUntilClosed(&closed);
    EXPECT_TRUE(closed);
}

TEST(ServerTest, ChunkedBodyOverLimitGets413) {
    TestServer server(Echo);
    Client client(server.port());
    std::string chunk(800, 'x');
    ASSERT_TRUE(client.Send("POST /upload HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n320\r\n" + chunk +
                            "\r\n320\r\n" + chunk + "\r\n0\r\n\r\n"));
    auto res = client.Read();
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 413);
}

TEST(ServerTest, ExpectContinueGets100ThenTheResponse) {
    TestServer server(Echo);
    Client client(server.port());
    ASSERT_TRUE(client.Send("POST /u HTTP/1.1\r\nHost: test\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n"));
    auto interim = client.Read();
    ASSERT_TRUE(interim);
    EXPECT_EQ(interim->status, 100);
    ASSERT_TRUE(client.Send("hello"));
    auto res = client.Read();
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200);
    EXPECT_EQ(res->body, "POST /u  5");
}

TEST(ServerTest, ExpectContinueOverLimitGets413Without100) {
    TestServer server(Echo);
    Client client(server.port());
    ASSERT_TRUE(client.Send("POST /u HTTP/1.1\r\nHost: test\r\nContent-Length: 5000\r\nExpect: 100-continue\r\n\r\n"));
    auto res = client.Read();
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 413);
}

// File uploads (multipart/form-data) get upload_limit; every other body keeps body_limit.
TEST(ServerTest, UploadsHaveTheirOwnLimit) {
    ServerOptions options = TestOptions();
    options.upload_limit = 4096;
    TestServer server(Echo, options);
    const std::string multipart = "Content-Type: Multipart/Form-Data ; boundary=x\r\n";
    {
        Client client(server.port());
        ASSERT_TRUE(client.Send("POST /u HTTP/1.1\r\nHost: test\r\n" + multipart + "Content-Length: 3000\r\n\r\n" +
                                std::string(3000, 'x')));
        auto res = client.Read();
        ASSERT_TRUE(res);
        EXPECT_EQ(res->status, 200);
        EXPECT_EQ(res->body, "POST /u  3000");
    }
    {
        Client client(server.port());
        ASSERT_TRUE(client.Send("POST /u HTTP/1.1\r\nHost: test\r\n" + multipart +
                                "Content-Length: 5000\r\nExpect: 100-continue\r\n\r\n"));
        auto res = client.Read();
        ASSERT_TRUE(res);
        EXPECT_EQ(res->status, 413);
    }
    {
        Client client(server.port());
        std::string chunk(3000, 'x');
        ASSERT_TRUE(client.Send("POST /u HTTP/1.1\r\nHost: test\r\n" + multipart +
                                "Transfer-Encoding: chunked\r\n\r\nbb8\r\n" + chunk + "\r\nbb8\r\n" + chunk +
                                "\r\n0\r\n\r\n"));
        auto res = client.Read();
        ASSERT_TRUE(res);
        EXPECT_EQ(res->status, 413);
    }
    {
        // The larger limit read the header: a plain body over body_limit is still refused before it is sent.
        Client client(server.port());
        ASSERT_TRUE(
            client.Send("POST /u HTTP/1.1\r\nHost: test\r\nContent-Type: text/csv\r\nContent-Length: 3000\r\n"
                        "Expect: 100-continue\r\n\r\n"));
        auto res = client.Read();
        ASSERT_TRUE(res);
        EXPECT_EQ(res->status, 413);
    }
}

TEST(ServerTest, MalformedRequestLineGets400AndClose) {
    for (std::string_view garbage :
         {"GARBAGE\r\n\r\n", "GET / HTTP/1.1 extra\r\n\r\n", "GET / HTTP/2.0\r\n\r\n", "GET /a b HTTP/1.1\r\n\r\n"}) {
        TestServer server(Echo);
        Client client(server.port());
        ASSERT_TRUE(client.Send(garbage));
        auto res = client.Read();
        ASSERT_TRUE(res) << garbage;
        EXPECT_EQ(res->status, 400) << garbage;
        EXPECT_EQ(res->Header("Content-Type"), "application/problem+json");
        bool closed = false;
        client.ReadUntilClosed(&closed);
        EXPECT_TRUE(closed) << garbage;
    }
}

TEST(ServerTest, BadTargetGets400WithoutCallingHandler) {
    std::atomic<int> calls{0};
    TestServer server([&](Request& req) {
        calls.fetch_add(1);
        return Echo(req);
    });
    Client client(server.port());
    for (std::string_view target : {"/a%zz", "/a%00b", "/trailing%", "*", "http://example.org/x"}) {
        ASSERT_TRUE(client.Send("OPTIONS " + std::string(target) + " HTTP/1.1\r\nHost: test\r\n\r\n"));
        auto res = client.Read();
        ASSERT_TRUE(res) << target;
        EXPECT_EQ(res->status, 400) << target;
    }
    EXPECT_EQ(calls.load(), 0);
}

TEST(ServerTest, HeaderOverLimitGets431) {
    TestServer server(Echo);
    Client client(server.port());
    ASSERT_TRUE(client.Send("GET / HTTP/1.1\r\nHost: test\r\nX-Big: " + std::string(4000, 'a') + "\r\n\r\n"));
    auto res = client.Read();
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 431);
    bool closed = false;
    client.ReadUntilClosed(&closed);
    EXPECT_TRUE(closed);
}

TEST(ServerTest, SilentClientIsDisconnectedAfterReadTimeout) {
    ServerOptions options = TestOptions();
    options.idle_timeout = 30s;  // the first byte of a new connection is under read_timeout
    TestServer server(Echo, options);
    Client client(server.port());
    ASSERT_TRUE(client.connected());
    auto start = Clock::now();
    bool closed = false;
    EXPECT_EQ(client.ReadUntilClosed(&closed), "");
    auto waited = Clock::now() - start;
    EXPECT_TRUE(closed);
    EXPECT_GE(waited, 900ms);
    EXPECT_LT(waited, 3s);
}

TEST(ServerTest, IdleKeepAliveConnectionIsClosedAfterIdleTimeout) {
    ServerOptions options = TestOptions();
    options.read_timeout = 30s;
    options.idle_timeout = 1s;
    TestServer server(Echo, options);
    Client client(server.port());
    ASSERT_TRUE(client.Send(Get("/")));
    ASSERT_TRUE(client.Read());
    auto start = Clock::now();
    bool closed = false;
    client.ReadUntilClosed(&closed);
    auto waited = Clock::now() - start;
    EXPECT_TRUE(closed);
    EXPECT_GE(waited, 900ms);
    EXPECT_LT(waited, 3s);
}

TEST(ServerTest, SlowRequestIsCutAtReadTimeout) {
    ServerOptions options = TestOptions();
    options.idle_timeout = 30s;
    TestServer server(Echo, options);
    Client client(server.port());
    // Started but never finished: read_timeout covers the whole request.
    ASSERT_TRUE(client.Send("GET / HTTP/1.1\r\nHost: te"));
    auto start = Clock::now();
    bool closed = false;
    EXPECT_EQ(client.ReadUntilClosed(&closed), "");
    EXPECT_TRUE(closed);
    EXPECT_LT(Clock::now() - start, 3s);
}

TEST(ServerTest, HeadSendsContentLengthButNoBody) {
    std::mutex mu;
    std::string method_seen;
    TestServer server([&](Request& req) {
        std::lock_guard lock(mu);
        method_seen = req.method;
        return Echo(req);
    });
    Client client(server.port());
    ASSERT_TRUE(client.Send("HEAD /x HTTP/1.1\r\nHost: test\r\n\r\n"));
    auto head = client.Read(/*head=*/true);
    ASSERT_TRUE(head);
    EXPECT_EQ(head->status, 200);
    {
        std::lock_guard lock(mu);
        EXPECT_EQ(method_seen, "HEAD");
    }
    EXPECT_EQ(head->Header("Content-Length"), std::to_string(std::string("HEAD /x  0").size()));
    // Had a body been sent, it would be read here in place of the next status line.
    ASSERT_TRUE(client.Send(Get("/y")));
    auto next = client.Read();
    ASSERT_TRUE(next);
    EXPECT_EQ(next->body, "GET /y  0");
}

TEST(ServerTest, NoContentHasNoBodyOrLength) {
    TestServer server([](Request&) {
        Response res;
        res.status = 204;
        return res;
    });
    Client client(server.port());
    ASSERT_TRUE(client.Send(Get("/") + Get("/")));
    for (int i = 0; i < 2; ++i) {
        auto res = client.Read();
        ASSERT_TRUE(res);
        EXPECT_EQ(res->status, 204);
        EXPECT_FALSE(res->HasHeader("Content-Length"));
    }
}

TEST(ServerTest, ResponseHeadersPassThroughAndFramingIsTheServers) {
    TestServer server([](Request&) {
        Response res;
        res.status = 299;  // unknown to Beast: the reason phrase comes from StatusReason
        res.AddHeader("Set-Cookie", "a=1");
        res.AddHeader("Set-Cookie", "b=2");
        res.AddHeader("Content-Length", "999");
        res.SetHeader("Server", "custom");
        res.body = "abc";
        return res;
    });
    Client client(server.port());
    ASSERT_TRUE(client.Send(Get("/")));
    auto res = client.Read();
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 299);
    EXPECT_EQ(res->body, "abc");
    EXPECT_EQ(res->Header("Content-Length"), "3");
    EXPECT_EQ(res->Header("Server"), "custom");
    int cookies = 0;
    for (const auto& h : res->headers) cookies += IEquals(h.first, "Set-Cookie") ? 1 : 0;
    EXPECT_EQ(cookies, 2);
}

TEST(ServerTest, HandlerExceptionGives500AndServerKeepsServing) {
    TestServer server([](Request& req) -> Response {
        if (req.path == "/throw") throw std::runtime_error("boom\nforged line");
        return Echo(req);
    });
    Client client(server.port());
    testing::internal::CaptureStderr();
    ASSERT_TRUE(client.Send(Get("/throw")));
    auto res = client.Read();
    std::string log = testing::internal::GetCapturedStderr();
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 500);
    EXPECT_EQ(res->Header("Content-Type"), "application/problem+json");
    EXPECT_EQ(res->body.find("boom"), std::string::npos);
    // One JSON line (serve's stderr is JSON lines): the line break inside the message is escaped, so
    // a message cannot forge a second log line.
    ASSERT_FALSE(log.empty());
    EXPECT_EQ(log.find('\n'), log.size() - 1) << log;
    EXPECT_NE(log.find(R"("msg":"handler exception")"), std::string::npos) << log;
    EXPECT_NE(log.find(R"("error":"boom\nforged line")"), std::string::npos) << log;

    ASSERT_TRUE(client.Send(Get("/after")));
    auto after = client.Read();
    ASSERT_TRUE(after);
    EXPECT_EQ(after->status, 200);
    EXPECT_EQ(after->body, "GET /after  0");
}

TEST(ServerTest, HeaderWithNewlineFromHandlerGives500) {
    TestServer server([](Request& req) {
        Response res;
        res.status = 302;
        res.SetHeader("Location", req.path);  // the decoded path may carry CR LF
        return res;
    });
    Client client(server.port());
    testing::internal::CaptureStderr();
    ASSERT_TRUE(client.Send(Get("/x%0D%0ASet-Cookie:%20evil=1")));
    auto res = client.Read();
    testing::internal::GetCapturedStderr();
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 500);
    EXPECT_FALSE(res->HasHeader("Set-Cookie"));
    EXPECT_FALSE(res->HasHeader("Location"));
}

// Records what the observer saw, for tests that wait for it: it runs after the response is written, so the client
// may see the response first.
class ObserverLog {
public:
    Observer Make() {
        return [this](const Request& req, const Response& res, std::chrono::microseconds elapsed) {
            std::lock_guard lock(mu_);
            entries_.push_back({req.method + " " + req.target, res.status, elapsed, res.body.size()});
            cv_.notify_all();
        };
    }
    struct Entry {
        std::string request;
        int status;
        std::chrono::microseconds elapsed;
        size_t body_size;
    };
    std::vector<Entry> WaitFor(size_t count) {
        std::unique_lock lock(mu_);
        cv_.wait_for(lock, 5s, [&] { return entries_.size() >= count; });
        return entries_;
    }

private:
    std::mutex mu_;
    std::condition_variable cv_;
    std::vector<Entry> entries_;
};

TEST(ServerTest, ObserverIsCalledOncePerRequestWithStatus) {
    ObserverLog log;
    TestServer server(
        [](Request& req) {
            Response res = Echo(req);
            if (req.path == "/missing") res.status = 404;
            if (req.path == "/slow") std::this_thread::sleep_for(50ms);
            return res;
        },
        TestOptions(), log.Make());
    {
        Client client(server.port());
        ASSERT_TRUE(client.Send(Get("/ok")));
        ASSERT_TRUE(client.Read());
        ASSERT_TRUE(client.Send(Get("/missing")));
        ASSERT_TRUE(client.Read());
        ASSERT_TRUE(client.Send("HEAD /slow HTTP/1.1\r\n\r\n"));
        ASSERT_TRUE(client.Read(/*head=*/true));
    }
    // The observer runs after the write, on the server's thread: wait so the order below is deterministic.
    ASSERT_EQ(log.WaitFor(3).size(), 3u);
    {
        Client client(server.port());
        ASSERT_TRUE(client.Send("POST /big HTTP/1.1\r\nContent-Length: 5000\r\n\r\n"));
        ASSERT_TRUE(client.Read());
    }
    auto entries = log.WaitFor(4);
    // A second call for any request would show up here by the time the last connection is done.
    std::this_thread::sleep_for(100ms);
    entries = log.WaitFor(4);
    ASSERT_EQ(entries.size(), 4u);
    EXPECT_EQ(entries[0].request, "GET /ok");
    EXPECT_EQ(entries[0].status, 200);
    EXPECT_EQ(entries[0].body_size, std::string("GET /ok  0").size());
    EXPECT_EQ(entries[1].request, "GET /missing");
    EXPECT_EQ(entries[1].status, 404);
    EXPECT_EQ(entries[2].request, "HEAD /slow");
    EXPECT_EQ(entries[2].status, 200);
    EXPECT_GE(entries[2].elapsed, 50ms);
    EXPECT_EQ(entries[3].request, "POST /big");
    EXPECT_EQ(entries[3].status, 413);
}

TEST(ServerTest, StopLetsRequestInFlightFinish) {
    std::mutex mu;
    std::condition_variable cv;
    bool entered = false;
    TestServer server([&](Request& req) {
        {
            std::lock_guard lock(mu);
            entered = true;
        }
        cv.notify_all();
        std::this_thread::sleep_for(300ms);
        return Echo(req);
    });
    Client client(server.port());
    ASSERT_TRUE(client.Send(Get("/slow")));
    {
        std::unique_lock lock(mu);
        ASSERT_TRUE(cv.wait_for(lock, 5s, [&] { return entered; }));
    }
    std::thread stopper([&] { server.StopAndJoin(); });
    auto res = client.Read();
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200);
    EXPECT_EQ(res->body, "GET /slow  0");
    EXPECT_EQ(res->Header("Connection"), "close");
    bool closed = false;
    client.ReadUntilClosed(&closed);
    EXPECT_TRUE(closed);
    client.Close();
    stopper.join();
    EXPECT_EQ(server.server().open_connections(), 0);
    // Nothing listens any more.
    Client late(server.port());
    EXPECT_FALSE(late.connected());
}

TEST(ServerTest, StopClosesIdleConnectionsWithoutWaitingForGrace) {
    ServerOptions options = TestOptions();
    options.idle_timeout = 30s;
    options.shutdown_grace = 10s;
    TestServer server(Echo, options);
    Client client(server.port());
    ASSERT_TRUE(client.Send(Get("/")));
    ASSERT_TRUE(client.Read());
    Client silent(server.port());  // connected, never sent a byte
    ASSERT_TRUE(silent.connected());
    auto took = server.StopAndJoin();
    EXPECT_LT(took, 2s);
    bool closed = false;
    client.ReadUntilClosed(&closed);
    EXPECT_TRUE(closed);
    EXPECT_EQ(server.server().open_connections(), 0);
}

TEST(ServerTest, GraceExpiryClosesStalledRequests) {
    ServerOptions options = TestOptions();
    options.read_timeout = 30s;
    options.shutdown_grace = 1s;
    TestServer server(Echo, options);
    Client client(server.port());
    ASSERT_TRUE(client.Send("POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc"));  // mid-body, then silence
    std::this_thread::sleep_for(100ms);                                            // let the server start reading it
    auto took = server.StopAndJoin();
    EXPECT_GE(took, 900ms);
    EXPECT_LT(took, 3s);
    bool closed = false;
    client.ReadUntilClosed(&closed);
    EXPECT_TRUE(closed);
    EXPECT_EQ(server.server().open_connections(), 0);
}

TEST(ServerTest, StopBeforeRunMakesRunReturn) {
    Server server(TestOptions(), Echo, nullptr);
    std::string error;
    ASSERT_TRUE(server.Listen(error)) << error;
    server.Stop();
    server.Run();  // returns at once
    Server never_listened(TestOptions(), Echo, nullptr);
    never_listened.Stop();
    never_listened.Run();
}

TEST(ServerTest, ListenReportsPortInUse) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    ASSERT_EQ(listen(fd, 1), 0);
    socklen_t len = sizeof addr;
    getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    uint16_t port = ntohs(addr.sin_port);

    ServerOptions options = TestOptions();
    options.port = port;
    Server server(options, Echo, nullptr);
    std::string error;
    EXPECT_FALSE(server.Listen(error));
    EXPECT_EQ(error, "address 127.0.0.1:" + std::to_string(port) + " is in use");
    close(fd);
}

TEST(ServerTest, ListenReportsPortHeldByAnotherServer) {
    // Both would set SO_REUSEPORT; without a check the second would share the port and take half the connections.
    TestServer first(Echo);
    ServerOptions options = TestOptions();
    options.port = first.port();
    Server second(options, Echo, nullptr);
    std::string error;
    EXPECT_FALSE(second.Listen(error));
    EXPECT_EQ(error, "address 127.0.0.1:" + std::to_string(first.port()) + " is in use");
}

TEST(ServerTest, ListenOnAFixedPortWorks) {
    uint16_t port;
    {
        TestServer probe(Echo);
        port = probe.port();
    }
    // The port was just freed: no connection was made, so nothing lingers in TIME_WAIT.
    ServerOptions options = TestOptions();
    options.port = port;
    TestServer server(Echo, options);
    EXPECT_EQ(server.port(), port);
    Client client(port);
    ASSERT_TRUE(client.Send(Get("/")));
    auto res = client.Read();
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200);
}

TEST(ServerTest, ListenRejectsHostNames) {
    ServerOptions options = TestOptions();
    options.host = "example.org";
    Server server(options, Echo, nullptr);
    std::string error;
    EXPECT_FALSE(server.Listen(error));
    EXPECT_NE(error.find("example.org"), std::string::npos);
}

TEST(ServerTest, ListensOnLocalhost) {
    ServerOptions options = TestOptions();
    options.host = "localhost";
    TestServer server(Echo, options);
    Client client(server.port());
    ASSERT_TRUE(client.Send(Get("/")));
    auto res = client.Read();
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200);
}

TEST(ServerTest, ManyConcurrentClients) {
    std::atomic<int> handled{0};
    TestServer server([&](Request& req) {
        handled.fetch_add(1);
        return Echo(req);
    });
    constexpr int kClients = 8;
    constexpr int kRequests = 25;
    std::atomic<int> ok{0};
    std::vector<std::thread> threads;
    threads.reserve(kClients);
    for (int c = 0; c < kClients; ++c) {
        threads.emplace_back([&, c] {
            Client client(server.port());
            for (int i = 0; i < kRequests; ++i) {
                std::string target = "/c" + std::to_string(c) + "/" + std::to_string(i);
                if (!client.Send(Get(target))) return;
                auto res = client.Read();
                if (res && res->body == "GET " + target + "  0") ok.fetch_add(1);
            }
        });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(ok.load(), kClients * kRequests);
    EXPECT_EQ(handled.load(), kClients * kRequests);
}

}  // namespace
}  // namespace dv::http
