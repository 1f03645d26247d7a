// Scheduling of the gRPC threads that only move bytes, on a machine whose
// cores are busy with analyses. Shared by the server and the client's load
// generator.
#ifndef KHABAR_SERVICE_THREAD_SCHEDULING_H_
#define KHABAR_SERVICE_THREAD_SCHEDULING_H_

namespace khabar::service {

// Puts the calling thread under SCHED_BATCH (Linux; elsewhere, and where
// the kernel refuses, nothing happens), once per thread; later calls cost
// a thread-local check. A batch thread that wakes runs at once on an idle
// core, but does not preempt a busy one: it waits for the next tick or a
// free core and then handles every event that piled up meanwhile. For
// threads that wake for each network event, that trades up to a tick of
// latency under saturation for far fewer context switches.
void ScheduleThisThreadAsBatch();

}  // namespace khabar::service

#endif  // KHABAR_SERVICE_THREAD_SCHEDULING_H_
