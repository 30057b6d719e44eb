// pg_tools: pg_dump and pg_restore as child processes, their stderr kept for the error message.
#include "backup/pg_tools.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "db/db.h"

extern char** environ;

namespace dv::backup {

namespace {

// The first line the tool wrote on stderr, without its "pg_dump: error: " prefix.
std::string FirstLine(const std::string& text) {
    std::string line = text.substr(0, text.find('\n'));
    for (const char* prefix : {"error: ", "fatal: "}) {
        if (auto at = line.find(prefix); at != std::string::npos) line = line.substr(at + std::strlen(prefix));
    }
    return line;
}

Status Run(const std::string& tool, std::vector<std::string> args, const std::string& url) {
    const auto split = db::SplitPassword(url);
    args.insert(args.begin(), tool);
    args.push_back("--dbname=" + split.url);
    std::vector<std::string> env;
    for (char** e = environ; *e != nullptr; ++e) {
        if (!split.password.empty() && std::strncmp(*e, "PGPASSWORD=", 11) == 0) continue;
        env.emplace_back(*e);
    }
    if (!split.password.empty()) env.push_back("PGPASSWORD=" + split.password);
    std::vector<char*> argv;
    std::vector<char*> envp;
    for (auto& a : args) argv.push_back(a.data());
    for (auto& e : env) envp.push_back(e.data());
    argv.push_back(nullptr);
    envp.push_back(nullptr);

    int err[2];
    if (pipe2(err, O_CLOEXEC) != 0) return Error::Internal(tool + ": pipe: " + std::strerror(errno));
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, err[1], STDERR_FILENO);
    pid_t pid = 0;
    int rc = posix_spawnp(&pid, tool.c_str(), &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    close(err[1]);
    if (rc != 0) {
        close(err[0]);
        return Error::Internal("cannot run " + tool + " (" + std::strerror(rc) +
                               "); install Debian's postgresql-client");
    }
    std::string output;
    char buf[4096];
    for (ssize_t n; (n = read(err[0], buf, sizeof buf)) != 0;) {
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) break;
        output.append(buf, static_cast<size_t>(n));
    }
    close(err[0]);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return {};
    std::string why = FirstLine(output);
    if (why.empty())
        why = WIFEXITED(status) ? "exit status " + std::to_string(WEXITSTATUS(status)) : "killed by a signal";
    return Error::Internal(tool + ": " + db::RedactUrl(why));
}

}  // namespace

Status PgDump(const std::string& url, const std::string& snapshot, const std::string& out_path) {
    auto st = Run("pg_dump", {"--format=custom", "--snapshot=" + snapshot, "--file=" + out_path}, url);
    if (!st.ok()) unlink(out_path.c_str());  // pg_dump may have created it before failing
    return st;
}

Status PgRestore(const std::string& url, const std::string& dump_path) {
    return Run("pg_restore", {"--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error", dump_path},
               url);
}

}  // namespace dv::backup
