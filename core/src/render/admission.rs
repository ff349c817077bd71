//! Admission of PDF compilations by size, so a build's memory stays
//! bounded however large its documents grow.
//!
//! typst's memory for one document grows with its source: about 1 MB per
//! kilobyte of typst source (measured on pcvisit: 76 KB source, 54 MB; the
//! same agreement after 1,000 versions, whose version table is 40 pages
//! long: 249 KB, 292 MB). Two such documents compiled at once on a 2-core
//! runner doubled a build's peak. A [`Gate`] lets compilations run together
//! only while the sum of their sizes stays within a budget; a document larger
//! than the budget runs alone. Admission is first come, first served, so a
//! large document waiting for the others to finish is never overtaken by a
//! stream of small ones.

use std::sync::{Condvar, Mutex, PoisonError};

/// Admits work by weight: at once at most `budget` in total, or one item of
/// any weight alone.
#[derive(Debug)]
pub struct Gate {
    budget: usize,
    state: Mutex<State>,
    turn: Condvar,
}

#[derive(Debug, Default)]
struct State {
    /// The weight admitted and not yet released.
    load: usize,
    /// How many items are admitted and not yet released.
    running: usize,
    /// The ticket handed to the next arrival.
    next: u64,
    /// The ticket whose turn it is.
    serving: u64,
}

/// An admitted item; dropping it releases its weight.
#[derive(Debug)]
pub struct Pass<'a> {
    gate: &'a Gate,
    weight: usize,
}

impl Gate {
    /// A gate that admits items up to `budget` in total weight.
    pub const fn new(budget: usize) -> Self {
        Self { budget, state: Mutex::new(State { load: 0, running: 0, next: 0, serving: 0 }), turn: Condvar::new() }
    }

    /// Waits until an item of `weight` may run, in order of arrival.
    pub fn admit(&self, weight: usize) -> Pass<'_> {
        // A poisoned lock only means a holder panicked; the counts it guards
        // are updated before any code that could panic, so they stay right.
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        let ticket = state.next;
        state.next += 1;
        loop {
            let fits = state.running == 0 || state.load + weight <= self.budget;
            if state.serving == ticket && fits {
                break;
            }
            state = self.turn.wait(state).unwrap_or_else(PoisonError::into_inner);
        }
        state.serving += 1;
        state.load += weight;
        state.running += 1;
        drop(state);
        // The next in line may fit beside this one.
        self.turn.notify_all();
        Pass { gate: self, weight }
    }
}

impl Drop for Pass<'_> {
    fn drop(&mut self) {
        let mut state = self.gate.state.lock().unwrap_or_else(PoisonError::into_inner);
        state.load -= self.weight;
        state.running -= 1;
        drop(state);
        self.gate.turn.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    /// Runs `weights` on as many threads and returns the highest total
    /// weight and count ever running at once.
    fn peak(budget: usize, weights: &[usize]) -> (usize, usize) {
        let gate = Arc::new(Gate::new(budget));
        let (load, running) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
        let (max_load, max_running) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
        let threads: Vec<_> = weights
            .iter()
            .map(|&weight| {
                let (gate, load, running) = (Arc::clone(&gate), Arc::clone(&load), Arc::clone(&running));
                let (max_load, max_running) = (Arc::clone(&max_load), Arc::clone(&max_running));
                std::thread::spawn(move || {
                    let _pass = gate.admit(weight);
                    max_load.fetch_max(load.fetch_add(weight, Ordering::SeqCst) + weight, Ordering::SeqCst);
                    max_running.fetch_max(running.fetch_add(1, Ordering::SeqCst) + 1, Ordering::SeqCst);
                    std::thread::sleep(Duration::from_millis(5));
                    load.fetch_sub(weight, Ordering::SeqCst);
                    running.fetch_sub(1, Ordering::SeqCst);
                })
            })
            .collect();
        for thread in threads {
            thread.join().expect("no panic");
        }
        (max_load.load(Ordering::SeqCst), max_running.load(Ordering::SeqCst))
    }

    #[test]
    fn small_items_run_together_within_the_budget() {
        let (load, running) = peak(100, &[30; 12]);
        assert!(load <= 90, "{load}");
        assert!(running <= 3, "{running}");
    }

    #[test]
    fn an_item_over_the_budget_runs_alone() {
        let (load, running) = peak(100, &[250, 250, 250]);
        assert_eq!((load, running), (250, 1));
        // Mixed: a large item never shares, small ones share up to the budget.
        let (load, _) = peak(100, &[250, 10, 250, 10, 10, 250]);
        assert_eq!(load, 250);
    }

    #[test]
    fn every_item_is_admitted_in_order_of_arrival() {
        let gate = Gate::new(10);
        let first = gate.admit(10);
        let order = Arc::new(Mutex::new(Vec::new()));
        std::thread::scope(|scope| {
            for (i, weight) in [(1, 100), (2, 1), (3, 1)] {
                let (gate, order) = (&gate, Arc::clone(&order));
                scope.spawn(move || {
                    // Arrive in this order.
                    std::thread::sleep(Duration::from_millis(20 * i));
                    let _pass = gate.admit(weight);
                    order.lock().expect("lock").push(i);
                });
            }
            std::thread::sleep(Duration::from_millis(100));
            drop(first);
        });
        // The large item came first and is not overtaken by the small ones.
        assert_eq!(order.lock().expect("lock")[0], 1);
    }
}
