#!/usr/bin/env bash
# Administration in the portal (admin.test.mjs): Users, Robot Accounts (system and project),
# Labels (global and project), Logs (all and project), and the account menu (User Profile,
# Change Password), each checked on the page and in the API, plus a robot's secret used on
# /v2/ and the API.
#   bash tests/portal/test_admin.sh build/berth [OUT_DIR]
. "$(dirname "${BASH_SOURCE[0]}")/portal_lib.sh"
portal_init "$1" "$2"

BERTH_TEST_PROJECTS="library web-admin"
berth_start

portal_run_spec admin.test.mjs PROJECT=web-admin
finish
