// http::Server: the asynchronous HTTP/1.1 server (Boost.Beast), behind a plain interface.
//
// One io_context and one acceptor per thread (SO_REUSEPORT), so threads share nothing on the hot
// path. The handler is called on the connection's thread and must be thread-safe. Everything
// Beast-specific lives in server.cpp, the only translation unit that includes Beast.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "http/message.h"

namespace dv::http {

struct ServerOptions {
    std::string host = "127.0.0.1";
    uint16_t port = 8080;  // 0: pick a free port (see Server::port())
    int threads = 0;       // 0: one per core
    uint64_t body_limit = 10 * 1024 * 1024;  // bytes; larger bodies get 413
    // Bodies of type multipart/form-data (file uploads: a spreadsheet of members) may be this large
    // instead, so the other bodies keep the smaller limit.
    uint64_t upload_limit = 20 * 1024 * 1024;
    uint32_t header_limit = 16 * 1024;       // bytes; larger headers get 431
    std::chrono::seconds read_timeout{30};   // to read one whole request (headers + body)
    std::chrono::seconds idle_timeout{60};   // keep-alive connection with no request in flight
    std::chrono::seconds write_timeout{30};
    std::chrono::seconds shutdown_grace{10};  // on Stop(): requests in flight may finish within this
    // Builds the answer to a request the server refuses itself (400, 413, 431) from what was read of it,
    // so that it speaks the application's language; without it, a plain English problem. Thread-safe.
    std::function<Response(int status, const Request& partial)> refusal;
};

using Handler = std::function<Response(Request&)>;

// Called once per finished request with the request, the response and the duration, for the
// access log and metrics. Must be thread-safe. Also called for requests the server answers itself
// (400, 413, 431) and after a failed write. The duration runs from the arrival of the request's
// first byte to the end of writing the response.
using Observer = std::function<void(const Request&, const Response&, std::chrono::microseconds)>;

class Server {
public:
    Server(ServerOptions options, Handler handler, Observer observer);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    // Binds the listening sockets. Returns false and sets `error` if the address cannot be bound.
    bool Listen(std::string& error);
    // The bound port (useful with port 0). Valid after Listen().
    uint16_t port() const;
    // Serves until Stop() or SIGTERM/SIGINT; returns when every thread has finished.
    // On a signal or Stop(): stops accepting, lets requests in flight finish (up to shutdown_grace),
    // then closes every connection.
    void Run();
    // Thread-safe; may be called from a signal-handling context of the caller's own.
    void Stop();

    int open_connections() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace dv::http
