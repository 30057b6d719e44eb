// audit anchor: what keeps the audit chain honest from outside the database — the key of its HMAC, in a
// file only the server's account reads, and the checkpoints file, where (seq, hash) of the committed head
// is appended now and then (every minute while serving, at shutdown, after each command that writes), so
// `audit verify` names rows deleted from the end or a chain rewritten from some row on. See
// docs/architecture.md, "Audit log".
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "audit/audit.h"
#include "core/result.h"

namespace dv::audit {

// The key in `path`: 64 hex digits (32 bytes) and a newline. When the file does not exist and `create` is
// set, a new random key is written there first (mode 0600, the folder created 0700 if missing). kNotFound
// when it does not exist and `create` is not set; kInvalid when it holds something else; kInternal on I/O
// errors. Returns the raw key bytes.
Result<std::string> LoadKey(const std::string& path, bool create);

// Every checkpoint in `path`, in file order; empty when the file does not exist. A line that does not read
// as "SEQ HASH AT" is kInvalid naming the line (the file is only ever appended to by us).
Result<std::vector<Checkpoint>> ReadCheckpoints(const std::string& path);

// Appends `head` to `path` (created 0600 if missing) unless the file's last line already says so: one
// write(2) of one line with O_APPEND, then fsync, so several processes may append to one file. Returns
// whether it wrote.
Result<bool> AppendCheckpoint(const std::string& path, const Checkpoint& head);

// The head of the chain behind `conn`, appended to `path` (at = `now_ms`).
Result<bool> CheckpointNow(db::Connection& conn, const std::string& path, int64_t now_ms);

}  // namespace dv::audit
