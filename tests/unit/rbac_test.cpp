#include "auth/rbac.h"

#include <gtest/gtest.h>

using namespace berth::auth;

TEST(RbacMatrix, DeveloperPushesButDoesNotDelete) {
  EXPECT_TRUE(role_allows(Role::kDeveloper, "repository", "push"));
  EXPECT_TRUE(role_allows(Role::kDeveloper, "repository", "pull"));
  EXPECT_FALSE(role_allows(Role::kDeveloper, "repository", "delete"));
  EXPECT_FALSE(role_allows(Role::kDeveloper, "artifact", "delete"));
  EXPECT_FALSE(role_allows(Role::kDeveloper, "member", "create"));
  EXPECT_TRUE(role_allows(Role::kDeveloper, "member", "list"));
}

TEST(RbacMatrix, GuestPullsAndReadsMembers) {
  EXPECT_TRUE(role_allows(Role::kGuest, "repository", "pull"));
  EXPECT_FALSE(role_allows(Role::kGuest, "repository", "push"));
  EXPECT_TRUE(role_allows(Role::kGuest, "member", "read"));
  EXPECT_TRUE(role_allows(Role::kGuest, "log", "list"));
}

TEST(RbacMatrix, LimitedGuestHasNoMemberAccess) {
  EXPECT_TRUE(role_allows(Role::kLimitedGuest, "repository", "pull"));
  EXPECT_FALSE(role_allows(Role::kLimitedGuest, "repository", "push"));
  EXPECT_FALSE(role_allows(Role::kLimitedGuest, "member", "read"));
  EXPECT_FALSE(role_allows(Role::kLimitedGuest, "member", "list"));
  EXPECT_FALSE(role_allows(Role::kLimitedGuest, "log", "list"));
}

TEST(RbacMatrix, MaintainerDeletesButDoesNotManageMembers) {
  EXPECT_TRUE(role_allows(Role::kMaintainer, "repository", "delete"));
  EXPECT_TRUE(role_allows(Role::kMaintainer, "artifact", "delete"));
  EXPECT_TRUE(role_allows(Role::kMaintainer, "scan", "create"));
  EXPECT_FALSE(role_allows(Role::kMaintainer, "member", "create"));
  EXPECT_FALSE(role_allows(Role::kMaintainer, "project", "delete"));
}

TEST(RbacMatrix, ProjectAdminManagesProjectAndMembers) {
  for (const char* a : {"create", "update", "delete", "list", "read"})
    EXPECT_TRUE(role_allows(Role::kProjectAdmin, "member", a)) << a;
  EXPECT_TRUE(role_allows(Role::kProjectAdmin, "project", "delete"));
  EXPECT_TRUE(role_allows(Role::kProjectAdmin, "metadata", "update"));
  EXPECT_TRUE(role_allows(Role::kProjectAdmin, "repository", "delete"));
}

TEST(RbacMatrix, EachRoleIncludesTheOneBelow) {
  auto subset = [](Role lo, Role hi) {
    for (const auto& [r, a] : role_permissions(lo))
      if (!role_allows(hi, r, a)) return false;
    return true;
  };
  EXPECT_TRUE(subset(Role::kLimitedGuest, Role::kGuest));
  EXPECT_TRUE(subset(Role::kGuest, Role::kDeveloper));
  EXPECT_TRUE(subset(Role::kDeveloper, Role::kMaintainer));
  EXPECT_TRUE(subset(Role::kMaintainer, Role::kProjectAdmin));
}

TEST(RbacRoles, IdsAndNames) {
  EXPECT_EQ(role_name(*role_from_id(1)), "projectAdmin");
  EXPECT_EQ(role_name(*role_from_id(2)), "developer");
  EXPECT_EQ(role_name(*role_from_id(3)), "guest");
  EXPECT_EQ(role_name(*role_from_id(4)), "maintainer");
  EXPECT_EQ(role_name(*role_from_id(5)), "limitedGuest");
  EXPECT_FALSE(role_from_id(0));
  EXPECT_FALSE(role_from_id(6));
}

namespace {
Principal user(int64_t id, bool admin = false) {
  Principal p;
  p.kind = Principal::Kind::kUser;
  p.id = id;
  p.name = "u" + std::to_string(id);
  p.sysadmin = admin;
  return p;
}
}  // namespace

TEST(RbacAllowed, AnonymousPullsOnlyFromPublicProjects) {
  Principal anon;
  EXPECT_TRUE(allowed(anon, {1, true, std::nullopt}, "repository", "pull"));
  EXPECT_FALSE(allowed(anon, {1, true, std::nullopt}, "repository", "push"));
  EXPECT_FALSE(allowed(anon, {1, false, std::nullopt}, "repository", "pull"));
  EXPECT_FALSE(allowed(anon, {1, true, std::nullopt}, "member", "list"));
}

TEST(RbacAllowed, NonMemberUserSeesPublicOnly) {
  EXPECT_TRUE(allowed(user(5), {1, true, std::nullopt}, "project", "read"));
  EXPECT_FALSE(allowed(user(5), {1, false, std::nullopt}, "project", "read"));
  EXPECT_FALSE(allowed(user(5), {1, true, std::nullopt}, "repository", "push"));
}

TEST(RbacAllowed, MembersActThroughTheirRole) {
  EXPECT_TRUE(allowed(user(5), {1, false, Role::kDeveloper}, "repository", "push"));
  EXPECT_FALSE(allowed(user(5), {1, false, Role::kGuest}, "repository", "push"));
  EXPECT_TRUE(allowed(user(5), {1, false, Role::kGuest}, "repository", "pull"));
}

TEST(RbacAllowed, SysadminMayDoAnything) {
  EXPECT_TRUE(allowed(user(1, true), {7, false, std::nullopt}, "project", "delete"));
  EXPECT_TRUE(allowed(user(1, true), {7, false, std::nullopt}, "repository", "push"));
}

TEST(RbacAllowed, RobotsHaveExactlyTheirGrants) {
  Principal robot;
  robot.kind = Principal::Kind::kRobot;
  robot.grants = {{3, "repository", "pull"}, {0, "repository", "list"}};
  EXPECT_TRUE(allowed(robot, {3, false, std::nullopt}, "repository", "pull"));
  EXPECT_FALSE(allowed(robot, {4, false, std::nullopt}, "repository", "pull"));
  EXPECT_FALSE(allowed(robot, {3, false, std::nullopt}, "repository", "push"));
  EXPECT_TRUE(allowed(robot, {9, false, std::nullopt}, "repository", "list"));  // project 0: any
  // A membership role is irrelevant for robots.
  EXPECT_FALSE(allowed(robot, {3, false, Role::kProjectAdmin}, "repository", "delete"));
}
