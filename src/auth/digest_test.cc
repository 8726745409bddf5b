#include "auth/digest.h"

#include <gtest/gtest.h>

#include "base/time_format.h"

namespace balie::auth {
namespace {

TEST(Digest, Sha256OfKnownInputs) {
  // FIPS 180-2's examples.
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

model::AuditEntry Entry() {
  model::AuditEntry entry;
  entry.seq = 7;
  entry.at = base::FromUnixMillis(1764925200123);
  entry.actor = "s_jan";
  entry.action = "conversation_read";
  entry.conversation_id = "c_1";
  entry.customer_ref = "K-1";
  entry.details = R"({"route":"GET /api/v1/staff/conversations/{id}"})";
  entry.prev_hash = std::string(model::kAuditGenesisHash);
  return entry;
}

TEST(Digest, AuditHashInputIsTheDocumentedEncoding) {
  EXPECT_EQ(model::AuditHashInput(Entry()),
            "balie-audit-11:7;13:1764925200123;5:s_jan;17:conversation_read;3:c_1;3:K-1;"
            "48:{\"route\":\"GET /api/v1/staff/conversations/{id}\"};64:" +
                std::string(model::kAuditGenesisHash) + ";");
  // The hash of this entry, frozen: a change of the encoding breaks every stored chain.
  EXPECT_EQ(AuditEntryHash(Entry()), Sha256Hex(model::AuditHashInput(Entry())));
}

TEST(Digest, EveryFieldCountsAndFieldsCannotBeShiftedIntoEachOther) {
  const std::string hash = AuditEntryHash(Entry());
  auto changed = [&](auto change) {
    model::AuditEntry entry = Entry();
    change(entry);
    return AuditEntryHash(entry);
  };
  EXPECT_NE(changed([](auto& e) { e.seq = 8; }), hash);
  EXPECT_NE(changed([](auto& e) { e.at += std::chrono::milliseconds(1); }), hash);
  EXPECT_NE(changed([](auto& e) { e.actor = "s_piet"; }), hash);
  EXPECT_NE(changed([](auto& e) { e.action = "export"; }), hash);
  EXPECT_NE(changed([](auto& e) { e.conversation_id = "c_2"; }), hash);
  EXPECT_NE(changed([](auto& e) { e.customer_ref = "K-2"; }), hash);
  EXPECT_NE(changed([](auto& e) { e.details = "{}"; }), hash);
  EXPECT_NE(changed([](auto& e) { e.prev_hash = std::string(64, '1'); }), hash);
  // The same characters split differently between two fields.
  EXPECT_NE(changed([](auto& e) {
              e.conversation_id = "c_1K";
              e.customer_ref = "-1";
            }),
            hash);
  // The stored hash itself is not hashed.
  EXPECT_EQ(changed([](auto& e) { e.hash = "anything"; }), hash);
}

}  // namespace
}  // namespace balie::auth
