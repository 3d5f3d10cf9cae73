// Preloaded (LD_PRELOAD) into `tsr play` by the e2e test of its clock line: the kernel's NTP
// state as a clock nobody synchronises reports it (adjtimex: TIME_ERROR, STA_UNSYNC), so that
// tsr's own reading (engine/asrun_proof.cpp system_clock_sync) is what the test checks.
#include <sys/timex.h>

extern "C" int ntp_adjtime(struct timex* tx) {
    tx->status = STA_UNSYNC;
    return TIME_ERROR;
}

extern "C" int adjtimex(struct timex* tx) {
    return ntp_adjtime(tx);
}
