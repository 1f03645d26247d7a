// Fork-join of two parts of one analysis over an optional Executor.
#ifndef KHABAR_CORE_SRC_BASE_PARALLEL_H_
#define KHABAR_CORE_SRC_BASE_PARALLEL_H_

#include "absl/functional/function_ref.h"
#include "khabar/executor.h"

namespace khabar {

// Runs `first` on this thread and `second` on an idle thread of `executor`
// when one is free (nullptr: none), and returns once both are done. If the
// other thread has not begun `second` by the time `first` ends, this thread
// runs it itself, so a slow hand-off never costs more than running both in
// turn. Either way each part runs exactly once.
void RunBoth(Executor* executor, absl::FunctionRef<void()> first,
             absl::FunctionRef<void()> second);

}  // namespace khabar

#endif  // KHABAR_CORE_SRC_BASE_PARALLEL_H_
