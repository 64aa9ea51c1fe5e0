// The text Harbor serves at .../scan/{report_id}/log, written from what the report row records
// (the scan jobs keep no separate log file: every fact a log would hold is in the row).
#pragma once

#include <string>

#include "scan/scan_report_store.h"

namespace berth::scan {

std::string scan_report_log(const ScanReportRow& row, const std::string& scanner_name);

}  // namespace berth::scan
