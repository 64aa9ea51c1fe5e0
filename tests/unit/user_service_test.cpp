#include "auth/user_service.h"

#include <gtest/gtest.h>

#include "auth/password.h"
#include "db/sqlite_session_store.h"
#include "db/sqlite_user_store.h"
#include "temp_db.h"

using namespace berth;
using auth::UserError;
using auth::UserRequest;
using auth::UserService;

namespace {
UserRequest request(const std::string& name, const std::string& password) {
  return {name, name + "@example.com", name, "", password, false};
}
UserError::Kind kind_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const UserError& e) {
    return e.kind;
  }
  ADD_FAILURE() << "no UserError";
  return UserError::Kind::kNotFound;
}
}  // namespace

// Harbor's rule: 8-128 characters, an upper-case letter, a lower-case letter and a digit.
TEST(UserService, PasswordRuleIsHarbors) {
  EXPECT_EQ(UserService::problem(request("alice", "Alice123")), "");
  EXPECT_EQ(UserService::problem(request("alice", std::string(120, 'a') + "Bcdefgh1")), "");
  EXPECT_EQ(UserService::problem(request("alice", "Alice12")),
            "the password must be 8 to 128 characters long");
  EXPECT_NE(UserService::problem(request("alice", std::string(121, 'a') + "Bcdefgh1")), "");
  for (auto weak : {"alice1234", "ALICE1234", "Alicealice", "password"})
    EXPECT_EQ(UserService::problem(request("alice", weak)),
              "the password must contain at least one upper-case letter, one lower-case letter "
              "and one digit")
        << weak;
}

TEST(UserService, ChecksNameAndEmailToo) {
  EXPECT_NE(UserService::problem(request("robot$x", "Alice123")), "");
  EXPECT_NE(UserService::problem(request("a:b", "Alice123")), "");
  UserRequest bad_email = request("alice", "Alice123");
  bad_email.email = "not-an-email";
  EXPECT_EQ(UserService::problem(bad_email), "email with illegal format");
}

TEST(UserService, CreatesOnlyWhatPassesAndOnlyOnce) {
  test_support::TempDb db;
  db::SqliteUserStore users(db.pool);
  UserService service(users);
  EXPECT_EQ(kind_of([&] { service.create(request("weak", "weakpass")); }),
            UserError::Kind::kInvalid);
  EXPECT_FALSE(users.find_by_name("weak"));
  int64_t id = service.create(request("alice", "Alice123"));
  auto cred = users.credentials(id);
  EXPECT_TRUE(auth::verify_password("Alice123", cred->password_hash));
  EXPECT_EQ(kind_of([&] { service.create(request("alice", "Alice123")); }),
            UserError::Kind::kDuplicate);
  UserRequest same_email = request("bob", "Bob12345");
  same_email.email = "alice@example.com";
  EXPECT_EQ(kind_of([&] { service.create(same_email); }), UserError::Kind::kDuplicate);
}

TEST(UserService, PasswordChangesFollowTheSameRule) {
  test_support::TempDb db;
  db::SqliteUserStore users(db.pool);
  db::SqliteSessionStore sessions(db.pool);
  UserService service(users);
  int64_t id = service.create(request("alice", "Alice123"));
  EXPECT_EQ(kind_of([&] {
              service.change_password({id, "weakpass", std::nullopt, false});
            }),
            UserError::Kind::kInvalid);
  EXPECT_EQ(kind_of([&] {
              service.change_password({id, "Alice999", "Wrong123", false});
            }),
            UserError::Kind::kWrongPassword);
  EXPECT_EQ(kind_of([&] {
              service.change_password({id, "Alice123", "Alice123", false});
            }),
            UserError::Kind::kInvalid);  // identical
  EXPECT_EQ(kind_of([&] {
              service.change_password({id + 1, "Alice999", std::nullopt, false});
            }),
            UserError::Kind::kNotFound);
  sessions.create({"h", id, "c", 1, 4000000000});
  EXPECT_EQ(service.change_password({id, "Alice999", "Alice123", true}), "alice");
  EXPECT_TRUE(auth::verify_password("Alice999", users.credentials(id)->password_hash));
  EXPECT_FALSE(sessions.find("h", 2));

  EXPECT_EQ(kind_of([&] { service.reset_password("alice", "short"); }), UserError::Kind::kInvalid);
  EXPECT_EQ(kind_of([&] { service.reset_password("nobody", "Alice777"); }),
            UserError::Kind::kNotFound);
  service.reset_password("alice", "Alice777");
  EXPECT_TRUE(auth::verify_password("Alice777", users.credentials(id)->password_hash));
}
