//! Which nodes of a graph lie on a cycle: Tarjan's strongly connected
//! components, iteratively, since a layer's graph is thousands of nodes
//! deep.

use alloc::vec::Vec;

/// Which nodes of `graph` lie on a cycle: a component of more than one
/// node, or a node with an edge to itself.
pub(super) fn on_cycles(graph: &[Vec<usize>]) -> Vec<bool> {
    let component = components(graph);
    let mut size = alloc::vec![0usize; graph.len()];
    for &c in &component {
        size[c] += 1;
    }
    (0..graph.len())
        .map(|v| size[component[v]] > 1 || graph[v].contains(&v))
        .collect()
}

/// The strongly connected component of each node of `graph`, as a number
/// shared by the nodes of one component: two nodes reach each other exactly
/// when their numbers are equal. Tarjan's algorithm, iteratively (a layer's
/// graph is thousands of nodes deep).
pub(super) fn components(graph: &[Vec<usize>]) -> Vec<usize> {
    const UNSEEN: usize = usize::MAX;
    let n = graph.len();
    let (mut index, mut low) = (alloc::vec![UNSEEN; n], alloc::vec![0; n]);
    let mut on_stack = alloc::vec![false; n];
    let (mut stack, mut result) = (Vec::new(), alloc::vec![0; n]);
    let mut next = 0;
    for root in 0..n {
        if index[root] != UNSEEN {
            continue;
        }
        // (node, next edge to look at)
        let mut work = alloc::vec![(root, 0usize)];
        while let Some(&mut (v, ref mut edge)) = work.last_mut() {
            if *edge == 0 && index[v] == UNSEEN {
                index[v] = next;
                low[v] = next;
                next += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(&w) = graph[v].get(*edge) {
                *edge += 1;
                if index[w] == UNSEEN {
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                // `v` is its component's root: its index names the component.
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    result[w] = index[v];
                    if w == v {
                        break;
                    }
                }
            }
        }
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn self_loops_and_cycles_are_found_and_nothing_else() {
        // 0 → 0; 1 → 2 → 3 → 1; 4 → 1 (reaches a cycle, is not on it); 5 alone.
        let graph = alloc::vec![
            alloc::vec![0],
            alloc::vec![2],
            alloc::vec![3],
            alloc::vec![1],
            alloc::vec![1],
            alloc::vec![],
        ];
        assert_eq!(on_cycles(&graph), [true, true, true, true, false, false]);
    }

    #[test]
    fn a_dag_has_no_cycle() {
        let graph = alloc::vec![alloc::vec![1, 2], alloc::vec![2], alloc::vec![]];
        assert_eq!(on_cycles(&graph), [false, false, false]);
    }

    /// A chain far deeper than a thread's stack would hold recursively,
    /// closed into one cycle at the end.
    #[test]
    fn deep_graphs_take_no_stack() {
        let n = 200_000;
        let mut graph: Vec<Vec<usize>> = (0..n).map(|i| alloc::vec![i + 1]).collect();
        graph[n - 1] = alloc::vec![];
        assert!(on_cycles(&graph).iter().all(|&c| !c));
        graph[n - 1] = alloc::vec![0];
        assert!(on_cycles(&graph).iter().all(|&c| c));
    }
}
