// importer user store: the whole-table reads the account import checks rows against, each one query.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "db/db.h"

namespace dv::importer::store {

// Every user name (lower case, as stored).
std::vector<std::string> AllUsernames(db::Connection& conn);

// Members with a card number, with their cell and whether an account already holds the record.
struct CardHolder {
    int64_t member_id = 0;
    std::string card_number;  // as stored
    int64_t org_id = 0;       // the member's cell now
    bool active = false;      // probationary or official
    bool linked = false;      // an account's member_id points at the record
};
std::vector<CardHolder> AllCardHolders(db::Connection& conn);

}  // namespace dv::importer::store
