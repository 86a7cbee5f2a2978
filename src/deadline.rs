//! The per-page time limit ([`crate::Options::timeout`]).
//!
//! `catch_unwind` stops a page that panics, not one that is merely slow, and
//! a thread per page to watch the clock would cost more than most pages
//! take. Instead the long loops of parsing and extraction ask [`expired`]
//! as they go: a counter that looks at the clock only every
//! [`CHECK_EVERY`]-th call, so that a check costs a decrement. Once the
//! deadline has passed the answer stays `true` (it is sticky): every later
//! loop stops at its next check, the page's remaining stages run on what
//! little is left, and [`crate::extract()`] replaces the result with a
//! `timeout` error record ([`cut_short`]).
//!
//! The deadline is per thread: extraction of one page runs on one thread,
//! and the run's workers each extract their own pages. [`arm`] sets it for
//! the page being extracted and the returned guard removes it (restoring
//! whatever was there before) when the page is done, panic or not. Without
//! an armed deadline [`expired`] is always `false`, so pages extracted
//! without a timeout are untouched by any of this.

use std::cell::Cell;
use std::time::{Duration, Instant};

/// How many calls of [`expired`] pass between two looks at the clock.
/// Reading the clock costs some tens of nanoseconds; the loops that check
/// do at least that much work per call, so a look every 256 calls keeps the
/// cost under a percent while a deadline is noticed within microseconds of
/// the work of one loop step.
const CHECK_EVERY: u32 = 256;

/// The deadline of the page being extracted on this thread.
#[derive(Debug, Clone, Copy)]
struct State {
    /// When the page's time is up; `None`: no limit.
    at: Option<Instant>,
    /// The deadline was seen to have passed (sticky).
    expired: bool,
    /// Calls left before the clock is read again.
    countdown: u32,
}

const UNARMED: State = State {
    at: None,
    expired: false,
    countdown: 0,
};

thread_local! {
    static STATE: Cell<State> = const { Cell::new(UNARMED) };
}

/// Removes the deadline set by [`arm`] when dropped, restoring the one
/// before (none, in practice: pages are not extracted inside pages).
#[must_use = "the deadline is removed when the guard is dropped"]
pub(crate) struct Armed {
    previous: State,
}

impl Drop for Armed {
    fn drop(&mut self) {
        STATE.with(|state| state.set(self.previous));
    }
}

/// Give the work on this thread `limit` from now (`None`: no limit).
pub(crate) fn arm(limit: Option<Duration>) -> Armed {
    let at = limit.and_then(|limit| Instant::now().checked_add(limit));
    let previous = STATE.with(|state| {
        state.replace(State {
            at,
            expired: false,
            countdown: 0,
        })
    });
    Armed { previous }
}

/// Whether the deadline has passed: cheap enough for the body of any loop
/// (the clock is read every [`CHECK_EVERY`]-th call), and sticky. Always
/// `false` when no deadline is armed.
pub(crate) fn expired() -> bool {
    STATE.with(|cell| {
        let mut state = cell.get();
        let Some(at) = state.at else {
            return false;
        };
        if state.expired {
            return true;
        }
        if state.countdown > 0 {
            state.countdown -= 1;
        } else {
            state.countdown = CHECK_EVERY - 1;
            state.expired = Instant::now() >= at;
        }
        cell.set(state);
        state.expired
    })
}

/// Whether some check found the deadline passed, so that some loop stopped
/// early and the page's result is incomplete. Does not read the clock: a
/// page whose work finished, however late, is complete.
pub(crate) fn cut_short() -> bool {
    STATE.with(|cell| cell.get().expired)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unarmed_never_expires() {
        for _ in 0..1000 {
            assert!(!expired());
        }
        assert!(!cut_short());
    }

    #[test]
    fn expires_after_the_limit_and_stays_expired() {
        let guard = arm(Some(Duration::ZERO));
        assert!(expired(), "the first check reads the clock");
        assert!(cut_short());
        assert!(expired());
        drop(guard);
        assert!(!expired() && !cut_short(), "the guard disarms");
    }

    #[test]
    fn a_long_limit_does_not_expire() {
        let _guard = arm(Some(Duration::from_secs(3600)));
        for _ in 0..10_000 {
            assert!(!expired());
        }
        assert!(!cut_short());
    }
}
