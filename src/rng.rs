//! A small deterministic random-number generator for the synthetic data and the reference
//! sweep's series. Private to the crate: it is not part of the public API.
//!
//! SplitMix64 (Steele, Lea & Flood, "Fast splittable pseudorandom number generators",
//! OOPSLA 2014) with the 53-bit uniform and Box–Muller conventions of the reference sweep
//! (`bench/SWEEP.md`), so that the crate regenerates that series bit for bit (checked below
//! against `tests/data/reference_sweep.json`).

/// SplitMix64 state. Every stream is fully determined by its seed.
#[derive(Debug, Clone)]
pub struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    /// A generator seeded with `seed`.
    pub const fn new(seed: u64) -> Self {
        SplitMix64 { state: seed }
    }

    /// The next 64 random bits.
    ///
    /// # Formula
    /// ```text
    /// state += 0x9E3779B97F4A7C15
    /// z = (state ^ (state >> 30)) * 0xBF58476D1CE4E5B9
    /// z = (z ^ (z >> 27)) * 0x94D049BB133111EB
    /// out = z ^ (z >> 31)                      (all arithmetic wrapping mod 2^64)
    /// ```
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A pair of independent standard normal draws by Box–Muller, cosine first.
    ///
    /// # Formula
    /// ```text
    /// u1 = ((a >> 11) + 1) / 9007199254740993      in (0, 1]
    /// u2 = (b >> 11) / 9007199254740992           in [0, 1)
    /// r  = sqrt(-2 ln u1);   (r cos 2πu2, r sin 2πu2)
    /// ```
    pub fn normal_pair(&mut self) -> (f64, f64) {
        let a = self.next_u64();
        let b = self.next_u64();
        let u1 = ((a >> 11) + 1) as f64 * (1.0 / 9_007_199_254_740_993.0);
        let u2 = (b >> 11) as f64 * (1.0 / 9_007_199_254_740_992.0);
        let r = (-2.0 * u1.ln()).sqrt();
        let angle = 2.0 * std::f64::consts::PI * u2;
        (r * angle.cos(), r * angle.sin())
    }
}

/// An endless stream of standard normals: the two Box–Muller draws of each pair in turn.
#[derive(Debug, Clone)]
pub struct NormalStream {
    rng: SplitMix64,
    spare: Option<f64>,
}

impl NormalStream {
    /// A stream seeded with `seed`.
    pub const fn new(seed: u64) -> Self {
        NormalStream {
            rng: SplitMix64::new(seed),
            spare: None,
        }
    }

    /// The next standard normal draw.
    pub fn next_normal(&mut self) -> f64 {
        if let Some(z) = self.spare.take() {
            return z;
        }
        let (z0, z1) = self.rng.normal_pair();
        self.spare = Some(z1);
        z0
    }
}

/// The reference sweep's Ornstein–Uhlenbeck spread series (`bench/SWEEP.md`):
/// `s[0] = mu`, `s[t] = s[t-1] + kappa (mu − s[t-1]) + sigma ε[t]`, with `ε[t]` the t-th normal
/// of a [`NormalStream`] (`ε[0]` drawn and unused).
#[cfg(any(test, feature = "test-util"))]
pub fn ornstein_uhlenbeck(seed: u64, n: usize, mu: f64, kappa: f64, sigma: f64) -> Vec<f64> {
    let mut normals = NormalStream::new(seed);
    let mut s = Vec::with_capacity(n);
    for t in 0..n {
        let eps = normals.next_normal();
        if t == 0 {
            s.push(mu);
        } else {
            let prev = s[t - 1];
            s.push(prev + kappa * (mu - prev) + sigma * eps);
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reproduces_the_reference_sweep_series() {
        // tests/data/reference_sweep.json: the first values and three checkpoints of the
        // peer's synthetic_spread_5000.csv (bench/SWEEP.md, printed with %.17g, so exact).
        let golden: serde_json::Value =
            serde_json::from_str(include_str!("../tests/data/reference_sweep.json"))
                .expect("the golden file is JSON");
        let g = &golden["series"];
        let num = |v: &serde_json::Value| v.as_f64().expect("a number");
        // The values are strings (%.17g) parsed by Rust, which rounds correctly; serde_json's
        // own float parser may be one unit in the last place off.
        let value = |v: &serde_json::Value| -> f64 {
            v.as_str()
                .expect("a %.17g string")
                .parse()
                .expect("a number")
        };
        let days = usize::try_from(g["days"].as_u64().expect("a count")).expect("small");
        let s = ornstein_uhlenbeck(
            g["seed"].as_u64().expect("a seed"),
            days,
            num(&g["mu"]),
            num(&g["kappa"]),
            num(&g["sigma"]),
        );
        assert_eq!(s.len(), 5_000);
        let first = g["first"].as_array().expect("a list");
        assert_eq!(first.len(), 4);
        for (t, want) in first.iter().enumerate() {
            assert_eq!(s[t].to_bits(), value(want).to_bits(), "s[{t}]");
        }
        let checkpoints = g["checkpoints"].as_array().expect("a list");
        assert_eq!(checkpoints.len(), 3);
        for c in checkpoints {
            let t = usize::try_from(c[0].as_u64().expect("an index")).expect("small");
            assert_eq!(s[t].to_bits(), value(&c[1]).to_bits(), "s[{t}]");
        }
        // A shorter series is a prefix of the longer one.
        assert_eq!(ornstein_uhlenbeck(20_240_614, 4, 100.0, 0.02, 3.0), s[..4]);
    }
}
