// Parsed numbers (doubles) into integers without undefined behaviour: a
// cast of a double outside the target's range is UB, and news text can
// spell any number («قتل 999...9 شخصا»).
#ifndef KHABAR_CORE_SRC_BASE_NUMERIC_H_
#define KHABAR_CORE_SRC_BASE_NUMERIC_H_

#include <cmath>
#include <cstdint>
#include <optional>

namespace khabar {

// The integer nearest to `value` when that lies in [lo, hi]; nullopt for
// NaN and for values outside.
inline std::optional<int64_t> RoundedInRange(double value, int64_t lo,
                                             int64_t hi) {
  const double rounded = std::nearbyint(value);
  if (!(rounded >= static_cast<double>(lo) &&
        rounded <= static_cast<double>(hi))) {
    return std::nullopt;
  }
  return static_cast<int64_t>(rounded);
}

// Counts of people or events larger than this are no counts (the world's
// population is below it).
constexpr int64_t kMaxCount = 100'000'000'000;

}  // namespace khabar

#endif  // KHABAR_CORE_SRC_BASE_NUMERIC_H_
