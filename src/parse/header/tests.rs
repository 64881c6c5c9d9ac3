use super::*;

/// Print a reading of a header for inspection (`cargo test --lib header::tests::show -- --nocapture --ignored`).
#[test]
#[ignore = "inspection aid"]
fn show() {
    let Ok(spec) = std::env::var("HEADER") else {
        return;
    };
    let mut it = spec.split(':');
    let (file, a, b) = (
        it.next().unwrap(),
        it.next().unwrap().parse::<usize>().unwrap(),
        it.next().unwrap().parse::<usize>().unwrap(),
    );
    let text = std::fs::read_to_string(file).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    for m in [Measure::CharGrid, Measure::Display] {
        let header: Vec<(usize, &str)> = (a..=b)
            .map(|i| (i, lines[i - 1]))
            .filter(|(_, t)| !t.trim().is_empty())
            .collect();
        let mut ps = Vec::new();
        for &(l, t) in &header {
            ps.extend(pieces(t, l, m));
        }
        let spans = spanning_cells(&ps);
        let spanning: Vec<usize> = (0..ps.len()).filter(|&i| spans[i]).collect();
        let members: Vec<usize> = (0..ps.len()).filter(|i| !spanning.contains(i)).collect();
        println!("== {m:?}");
        for &i in &spanning {
            println!(
                "  span {} {:?} [{:.1},{:.1})",
                ps[i].line, ps[i].text, ps[i].x0, ps[i].x1
            );
        }
        let ls = leaves(&ps, &members);
        let tree = build_tree(&ps, &spanning, &ls, &Vec::new());
        let mut named = Vec::new();
        paths(&tree, &ps, &[], &mut named);
        for (c, p) in named {
            println!("  col {c} {}", p.join("/"));
        }
        for l in ls {
            let names: Vec<&str> = l.pieces.iter().map(|&i| ps[i].text.as_str()).collect();
            println!("  leaf {:?} [{:.1},{:.1}) top {}", names, l.x0, l.x1, l.top);
        }
    }
}
