// audit anchor: the key file and the checkpoints file.
#include "audit/anchor.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/crypto.h"

namespace dv::audit {

namespace {

std::string Errno(const std::string& what, const std::string& path) {
    return what + " " + path + ": " + std::strerror(errno);
}

int HexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::string ToHex(const std::string& bytes) {
    static const char* kHex = "0123456789abcdef";
    std::string out;
    for (unsigned char b : bytes) {
        out += kHex[b >> 4];
        out += kHex[b & 15];
    }
    return out;
}

// Writes all of `text` with one write(2) (a line is far below PIPE_BUF-like limits of local files).
Status WriteAll(int fd, const std::string& text, const std::string& path) {
    size_t done = 0;
    while (done < text.size()) {
        ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            return Error::Internal(Errno("cannot write", path));
        }
        done += static_cast<size_t>(n);
    }
    return {};
}

bool IsHash(std::string_view s) {
    if (s.size() != 64) return false;
    for (char c : s)
        if (HexValue(c) < 0) return false;
    return true;
}

// The last line of the file ("" when empty or missing), read from its tail.
std::string LastLine(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return {};
    in.seekg(0, std::ios::end);
    const std::streamoff size = in.tellg();
    const std::streamoff from = size > 512 ? size - 512 : 0;
    in.seekg(from);
    std::string tail((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    while (!tail.empty() && tail.back() == '\n') tail.pop_back();
    size_t nl = tail.rfind('\n');
    return nl == std::string::npos ? tail : tail.substr(nl + 1);
}

bool ParseLine(std::string_view line, Checkpoint& out) {
    // "SEQ HASH AT"
    size_t a = line.find(' ');
    if (a == std::string_view::npos) return false;
    size_t b = line.find(' ', a + 1);
    if (b == std::string_view::npos) return false;
    std::string_view seq = line.substr(0, a), hash = line.substr(a + 1, b - a - 1), at = line.substr(b + 1);
    auto [p1, e1] = std::from_chars(seq.data(), seq.data() + seq.size(), out.seq);
    auto [p2, e2] = std::from_chars(at.data(), at.data() + at.size(), out.at);
    if (e1 != std::errc() || p1 != seq.data() + seq.size() || e2 != std::errc() || p2 != at.data() + at.size() ||
        out.seq < 0 || !IsHash(hash))
        return false;
    out.hash = std::string(hash);
    return true;
}

}  // namespace

Result<std::string> LoadKey(const std::string& path, bool create) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) {
        if (!create) return Error::NotFound("the audit key file " + path + " does not exist");
        std::filesystem::path parent = std::filesystem::path(path).parent_path();
        if (!parent.empty() && !std::filesystem::exists(parent, ec)) {
            std::filesystem::create_directories(parent, ec);
            if (ec) return Error::Internal("cannot create " + parent.string() + ": " + ec.message());
            ::chmod(parent.c_str(), 0700);
        }
        // O_EXCL: two processes starting at once; the loser reads the winner's key below.
        int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd >= 0) {
            Status st = WriteAll(fd, ToHex(crypto::RandomBytes(32)) + "\n", path);
            if (st.ok() && ::fsync(fd) != 0) st = Error::Internal(Errno("cannot sync", path));
            ::close(fd);
            if (!st.ok()) {
                ::unlink(path.c_str());
                return st.take_error();
            }
        } else if (errno != EEXIST) {
            return Error::Internal(Errno("cannot create", path));
        }
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) return Error::Internal(Errno("cannot read", path));
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) text.pop_back();
    if (!IsHash(text)) {
        return Error{ErrorCode::kInvalid, "the audit key file " + path + " does not hold 64 hexadecimal digits", {}};
    }
    std::string key;
    for (size_t i = 0; i < text.size(); i += 2)
        key += static_cast<char>(HexValue(text[i]) * 16 + HexValue(text[i + 1]));
    return key;
}

Result<std::vector<Checkpoint>> ReadCheckpoints(const std::string& path) {
    std::vector<Checkpoint> out;
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        std::error_code ec;
        if (!std::filesystem::exists(path, ec)) return out;
        return Error::Internal(Errno("cannot read", path));
    }
    std::string line;
    int number = 0;
    while (std::getline(in, line)) {
        ++number;
        if (line.empty()) continue;
        Checkpoint c;
        if (!ParseLine(line, c)) {
            return Error{ErrorCode::kInvalid,
                         "line " + std::to_string(number) + " of " + path + " is not a checkpoint (SEQ HASH AT)", {}};
        }
        out.push_back(std::move(c));
    }
    return out;
}

Result<bool> AppendCheckpoint(const std::string& path, const Checkpoint& head) {
    Checkpoint last;
    if (ParseLine(LastLine(path), last) && last.seq == head.seq && last.hash == head.hash) return false;
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (fd < 0) return Error::Internal(Errno("cannot open", path));
    Status st = WriteAll(fd, std::to_string(head.seq) + " " + head.hash + " " + std::to_string(head.at) + "\n", path);
    if (st.ok() && ::fsync(fd) != 0) st = Error::Internal(Errno("cannot sync", path));
    ::close(fd);
    if (!st.ok()) return st.take_error();
    return true;
}

Result<bool> CheckpointNow(db::Connection& conn, const std::string& path, int64_t now_ms) {
    Checkpoint head = Head(conn);
    head.at = now_ms;
    return AppendCheckpoint(path, head);
}

}  // namespace dv::audit
