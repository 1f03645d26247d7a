#include "thread_scheduling.h"

#include <sched.h>

namespace khabar::service {

void ScheduleThisThreadAsBatch() {
  thread_local bool done = false;
  if (done) return;
  done = true;
#ifdef SCHED_BATCH
  // On Linux, pid 0 is the calling thread, not the whole process.
  sched_param param{};
  sched_setscheduler(0, SCHED_BATCH, &param);  // Best effort.
#endif
}

}  // namespace khabar::service
