//! The seed steepener `2×TUM24−1×TYM24` (placeholder until the engine lands).

fn main() {
    for root in ["TU", "TY"] {
        let r = spreadtrade::contract::Root::from_symbol(root).expect("known root");
        println!("{}: {}", r, r.spec().name);
    }
}
