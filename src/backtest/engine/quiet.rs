//! Quiet stretches: days on which nothing can happen but marking to market (no target pending,
//! no contract change), run as tight loops over the held contracts' columns. When the ledger
//! is kept, the stretch's rows are then appended column by column from the same scratch
//! columns ([`Engine::quiet_days_recorded`]), bit-identical to recording each day in full.
//!
//! Each leg adds its kernels' results ([`mark_pnl`], [`add_dv01`], [`margin_amount`]) into
//! per-day scratch columns in leg order, starting from 0.0 — exactly the sums the full day
//! forms day by day — and the statistics then take the days in order, so the results are
//! bit-identical to running every day in full. The loops are specialised on whether the leg
//! converts through an FX path, so that none of them branches per day on anything but the
//! data; the scratch columns are reused across stretches (no allocation per day).

use super::kernels::{Dv01Sides, add_dv01, margin_amount, mark_pnl};
use super::legs::{Leg, Margin};
use super::margin::Exposure;
use super::{Counters, Engine, Run};
use crate::backtest::BacktestError;
use crate::backtest::config::MarginRule;
use crate::backtest::ledger::Ledger;
use crate::backtest::portfolio::{TradeDay, TradeFeed};
use crate::market::Book;
use crate::units::{Currency, CurrencyAmounts};

/// Per-day exposure columns of a quiet stretch, reused across stretches.
#[derive(Default)]
pub(super) struct ExposureScratch {
    net: Vec<f64>,
    long: Vec<f64>,
    short: Vec<f64>,
    margin: Vec<f64>,
}

impl<'a> Engine<'a> {
    /// Days `from..to` with constant positions and contracts: mark to market and statistics,
    /// with the same kernels in the same order as the full day.
    ///
    /// # Errors
    /// [`BacktestError::NoPrice`] when a held contract's prices end inside the stretch.
    pub(super) fn quiet_days(
        &self,
        book: &Book,
        run: &mut Run<'a>,
        from: usize,
        to: usize,
    ) -> Result<(), BacktestError> {
        if run.legs.iter().all(|l| l.contracts == 0) {
            run.stats.push_zeros(to - from);
            return Ok(());
        }
        let m = to - from;
        let Run {
            legs,
            scratch: pnl,
            exposure_scratch: ex,
            stats,
            acc,
            ..
        } = run;
        pnl.clear();
        pnl.resize(m, 0.0);
        let mut has_exposure = false;
        for (i, leg) in legs.iter_mut().enumerate() {
            if leg.contracts == 0 {
                continue;
            }
            let h = leg
                .held
                .as_ref()
                .expect("a leg with contracts holds an instrument");
            let Some(prices) = from
                .checked_sub(h.cols.first_day)
                .and_then(|j| h.cols.price.get(j..j + m))
            else {
                let d = (h.last_day() + 1).max(from);
                return Err(self.no_price(book, i, h.id, d));
            };
            // The day's P&L in the base currency, `mark_pnl × fx_d`, added to the other legs'
            // in leg order (`x × 1.0 = x`: a base-currency leg skips the product).
            let (q, pv) = (leg.contracts as f64, h.point_value);
            let mut prev = leg.mark;
            match leg.fx {
                None => {
                    for (out, &p) in pnl.iter_mut().zip(prices) {
                        *out += mark_pnl(q, p, prev, pv);
                        prev = p;
                    }
                }
                Some(fx) => {
                    for ((out, &p), &f) in pnl.iter_mut().zip(prices).zip(&fx[from..to]) {
                        *out += mark_pnl(q, p, prev, pv) * f;
                        prev = p;
                    }
                }
            }
            leg.mark = prev;
            has_exposure |= h.has_exposure();
        }
        // A local copy keeps the accumulator in registers across the loop.
        let mut st = *stats;
        for &x in pnl.iter() {
            st.push(x);
        }
        *stats = st;
        if has_exposure {
            self.quiet_exposure(legs, ex, acc, from, to);
        }
        Ok(())
    }

    /// The DV01 and margin statistics of a quiet stretch: per leg into the scratch columns,
    /// then per day — the same kernels in the same (leg) order as [`Engine::exposure`].
    fn quiet_exposure(
        &self,
        legs: &[Leg<'a>],
        ex: &mut ExposureScratch,
        acc: &mut Counters,
        from: usize,
        to: usize,
    ) {
        let m = to - from;
        for col in [&mut ex.net, &mut ex.long, &mut ex.short, &mut ex.margin] {
            col.clear();
            col.resize(m, 0.0);
        }
        for leg in legs {
            let Some(h) = leg
                .held
                .as_ref()
                .filter(|h| leg.contracts != 0 && h.has_exposure())
            else {
                continue;
            };
            let i0 = from - h.cols.first_day;
            let (dv01, prices) = (&h.cols.dv01[i0..i0 + m], &h.cols.price[i0..i0 + m]);
            let fx = leg.fx.map(|f| &f[from..to]);
            let (q, c, pv) = (leg.contracts as f64, leg.contracts, h.point_value);
            // The branches on the contract's kind are taken once per leg, not per day.
            if h.has_dv01 {
                let cols = ex
                    .net
                    .iter_mut()
                    .zip(ex.long.iter_mut())
                    .zip(ex.short.iter_mut());
                match fx {
                    None => {
                        for (((net, long), short), dv) in cols.zip(dv01) {
                            if let Some(dv) = dv {
                                add_dv01(net, long, short, q * dv);
                            }
                        }
                    }
                    Some(fx) => {
                        for ((((net, long), short), dv), &f) in cols.zip(dv01).zip(fx) {
                            if let Some(dv) = dv {
                                add_dv01(net, long, short, q * dv * f);
                            }
                        }
                    }
                }
            }
            match (h.margin, fx) {
                (Margin::None, _) => {}
                (Margin::Constant(MarginRule::PerContract(a)), None) => {
                    let amount = margin_amount(Some(MarginRule::PerContract(a)), c, 0.0, pv);
                    for e in ex.margin.iter_mut() {
                        *e += amount;
                    }
                }
                (Margin::Constant(rule), _) => {
                    for (j, (e, &p)) in ex.margin.iter_mut().zip(prices).enumerate() {
                        let f = fx.map_or(1.0, |fx| fx[j]);
                        *e += margin_amount(Some(rule), c, p, pv) * f;
                    }
                }
                (Margin::Daily(root), _) => {
                    let rules = &self.margin_days[root][from..to];
                    for (j, ((e, &p), &rule)) in
                        ex.margin.iter_mut().zip(prices).zip(rules).enumerate()
                    {
                        let f = fx.map_or(1.0, |fx| fx[j]);
                        *e += margin_amount(rule, c, p, pv) * f;
                    }
                }
            }
        }
        let mut a = *acc;
        for (((&net, &long), &short), &margin) in
            ex.net.iter().zip(&ex.long).zip(&ex.short).zip(&ex.margin)
        {
            a.track_exposure(&Exposure::of(Dv01Sides { net, long, short }, margin));
        }
        *acc = a;
    }
}

impl<'a> Engine<'a> {
    /// Days `from..to` of a quiet stretch when the ledger is kept: [`Engine::quiet_days`] for
    /// the P&L, the statistics and the exposure, then the stretch's ledger rows appended column
    /// by column ([`Engine::record_stretch`]) — the figures [`Engine::record_day`] would record
    /// day by day, from the same kernels in the same order (bit-identical).
    ///
    /// # Errors
    /// As [`Engine::quiet_days`]; [`BacktestError::Ledger`] as [`Engine::record_day`].
    pub(super) fn quiet_days_recorded(
        &self,
        book: &Book,
        run: &mut Run<'a>,
        from: usize,
        to: usize,
    ) -> Result<(), BacktestError> {
        let cum = run.stats.total_pnl();
        run.marks.clear();
        run.marks.extend(run.legs.iter().map(|l| l.mark));
        self.quiet_days(book, run, from, to)?;
        if run.feed.is_some() {
            return self.feed_stretch(book, run, from, to);
        }
        self.record_stretch(book, run, from, to, cum)
    }

    /// Appends the ledger rows of the quiet stretch `from..to` that [`Engine::quiet_days`] has
    /// just run (its P&L and exposure in the scratch columns, the held legs' marks moved to
    /// the stretch's last day; `marks` holds the marks before it, `cum` the cumulative P&L).
    ///
    /// The columns that stay as on the full day before the stretch (each leg's instrument,
    /// contracts, cost basis and realised P&L, the day's realised P&L) are only counted here
    /// and written when they next change ([`ConstantRows`](super::ledger::ConstantRows)).
    /// Per leg: the price and DV01 read from the held contract's columns, the P&L `mark_pnl`
    /// day by day from the mark before the stretch (zero for a flat leg, whose mark follows
    /// its contract's price as in the full day), the unrealised P&L at each day's mark. Per
    /// day: the P&L per currency (legs in book order; for a book in the base currency only,
    /// the day's P&L), cash to date, costs (the day's pending costs on the first day, then
    /// none), equity `capital + Σ P&L`, net DV01 and margin from the exposure scratch and
    /// unrealised P&L — each formed as [`Engine::record_day`] forms it.
    fn record_stretch(
        &self,
        book: &Book,
        run: &mut Run<'a>,
        from: usize,
        to: usize,
        mut cum: f64,
    ) -> Result<(), BacktestError> {
        let m = to - from;
        let (any_held, has_exposure) = held_and_exposed(&run.legs);
        let Run {
            legs,
            ledger,
            constant,
            scratch,
            exposure_scratch: ex,
            acc,
            marks,
            ..
        } = run;
        let n0 = ledger.len();
        // Instrument, contracts, cost basis and realised P&L: those of the full day before the
        // stretch, written with them when they next change.
        constant.repeat(m);
        // The stretch's P&L per currency and unrealised P&L are added up leg by leg straight in
        // the ledger's columns: the day's P&L per currency from zero, and its unrealised P&L
        // `Σ_legs unrealised × fx` as `Iterator::sum` forms it (from its neutral element), legs
        // in book order.
        //
        // A book whose legs are all in the base currency (the common case) skips the per-leg
        // sums per currency: the day's only amount is then the base-currency P&L of the day,
        // the same sum of the same legs' P&L in the same order (from +0.0, never −0.0: adding a
        // flat leg's +0.0 changes nothing), and the per-currency columns are written in one pass
        // each below.
        let base = self.config.base_currency;
        let base_only = legs.iter().all(|l| l.currency == base);
        let zero: f64 = std::iter::empty::<f64>().sum();
        if !base_only {
            ledger
                .pnl_by_currency
                .extend(std::iter::repeat_n(CurrencyAmounts::default(), m));
        }
        ledger.unrealised.extend(std::iter::repeat_n(zero, m));
        let Ledger {
            legs: leg_columns,
            pnl_by_currency,
            unrealised: unreal_day,
            ..
        } = ledger;
        let ccy = &mut pnl_by_currency[n0..];
        let unreal = &mut unreal_day[n0..];
        for (i, leg) in legs.iter_mut().enumerate() {
            let Some(cols) = leg_columns.get_mut(i) else {
                continue;
            };
            let held = leg.held;
            let c = leg.contracts;
            let (cost_qty, avg) = (leg.cost_qty, leg.avg_price);
            let unrealised = move |mark: f64, pv: f64| {
                if cost_qty != 0 {
                    cost_qty as f64 * (mark - avg) * pv
                } else {
                    0.0
                }
            };
            // The held contract's columns over the whole stretch, where it has them.
            let span = held.and_then(|h| {
                let j = from.checked_sub(h.cols.first_day)?;
                Some((h, h.cols.price.get(j..j + m)?, h.cols.dv01.get(j..j + m)?))
            });
            match (held, span) {
                (None, _) => {
                    cols.price.extend(std::iter::repeat_n(None, m));
                    cols.dv01.extend(std::iter::repeat_n(None, m));
                }
                (Some(_), Some((_, prices, dv01s))) => {
                    let q = c as f64;
                    cols.price.extend(prices.iter().map(|&p| Some(p)));
                    cols.dv01.extend(dv01s.iter().map(|dv| dv.map(|dv| dv * q)));
                }
                (Some(h), None) => {
                    let q = c as f64;
                    cols.price.extend((from..to).map(|d| h.price(d)));
                    cols.dv01
                        .extend((from..to).map(|d| h.dv01(d).map(|dv| dv * q)));
                }
            }
            let start = cols.pnl.len();
            match (held, span) {
                (Some(h), _) if c != 0 => {
                    // Checked by `quiet_days` already; an error rather than short columns.
                    let Some((_, prices, _)) = span else {
                        return Err(self.no_price(book, i, h.id, (h.last_day() + 1).max(from)));
                    };
                    let (q, pv) = (c as f64, h.point_value);
                    let mut prev = marks.get(i).copied().unwrap_or(leg.mark);
                    cols.pnl.extend(prices.iter().map(|&p| {
                        let pnl = mark_pnl(q, p, prev, pv);
                        prev = p;
                        pnl
                    }));
                    for (day, &pnl) in ccy.iter_mut().zip(&cols.pnl[start..]) {
                        day.add(leg.currency, pnl);
                    }
                    cols.unrealised
                        .extend(prices.iter().map(|&p| unrealised(p, pv)));
                }
                _ => {
                    // Flat: no P&L (adding 0.0 to a day's P&L per currency changes nothing); the
                    // mark follows the contract's price where it has one.
                    cols.pnl.extend(std::iter::repeat_n(0.0, m));
                    match held {
                        Some(h) if cost_qty != 0 => {
                            let mut mark = leg.mark;
                            cols.unrealised.extend((from..to).map(|d| {
                                if let Some(p) = h.price(d) {
                                    mark = p;
                                }
                                unrealised(mark, h.point_value)
                            }));
                            leg.mark = mark;
                        }
                        Some(h) => {
                            cols.unrealised.extend(std::iter::repeat_n(0.0, m));
                            if let Some(p) = (from..to).rev().find_map(|d| h.price(d)) {
                                leg.mark = p;
                            }
                        }
                        None => {
                            cols.unrealised.extend(std::iter::repeat_n(0.0, m));
                        }
                    }
                }
            }
            let u = &cols.unrealised[start..];
            match leg.fx {
                None => {
                    for (acc, &x) in unreal.iter_mut().zip(u) {
                        *acc += x * 1.0;
                    }
                }
                Some(fx) => {
                    for ((acc, &x), &f) in unreal.iter_mut().zip(u).zip(&fx[from..to]) {
                        *acc += x * f;
                    }
                }
            }
        }
        ledger
            .dates
            .extend_from_slice(&self.market.dates()[from..to]);
        if any_held {
            ledger.pnl.extend_from_slice(&scratch[..m]);
        } else {
            ledger.pnl.extend(std::iter::repeat_n(0.0, m));
        }
        ledger.costs.push(std::mem::take(&mut acc.day_costs));
        ledger.costs.extend(std::iter::repeat_n(0.0, m - 1));
        if has_exposure {
            ledger.margin.extend_from_slice(&ex.margin[..m]);
        } else {
            ledger.margin.extend(std::iter::repeat_n(0.0, m));
        }
        // Equity `capital + Σ P&L` to date, a running sum in a register.
        let capital = self.config.capital;
        let Ledger {
            pnl,
            pnl_by_currency,
            equity,
            cash_by_currency,
            ..
        } = ledger;
        let cash = cash_by_currency.last().copied().unwrap_or_default();
        let days = &pnl[n0..];
        equity.extend(days.iter().map(|&x| {
            cum += x;
            capital + cum
        }));
        // Cash to date per currency, each a running sum in a register, the day's non-zero flows
        // added as `record_day` adds them; a cash figure is never −0.0 (sums from +0.0), so
        // `0.0 + cash` writes it unchanged. Each day's amounts are built from the three
        // registers at fixed places (no store to a place chosen per day, which the load of the
        // whole value would wait for).
        let [c0, c1, c2] = Currency::ALL;
        let (mut r0, mut r1, mut r2) = (cash.get(c0), cash.get(c1), cash.get(c2));
        let amounts = |x0: f64, x1: f64, x2: f64| {
            let mut out = CurrencyAmounts::default();
            out.add(c0, x0);
            out.add(c1, x1);
            out.add(c2, x2);
            out
        };
        if base_only {
            // The day's P&L per currency is its base-currency P&L alone, and cash moves in the
            // base currency only (adding a zero to a cash figure changes nothing).
            let (b0, b1, b2) = (c0 == base, c1 == base, c2 == base);
            let only = move |b: bool, x: f64| if b { x } else { 0.0 };
            pnl_by_currency.extend(
                days.iter()
                    .map(|&x| amounts(only(b0, x), only(b1, x), only(b2, x))),
            );
            cash_by_currency.extend(days.iter().map(|&x| {
                r0 += only(b0, x);
                r1 += only(b1, x);
                r2 += only(b2, x);
                amounts(r0, r1, r2)
            }));
        } else {
            cash_by_currency.extend(pnl_by_currency[n0..].iter().map(|day| {
                for (r, c) in [(&mut r0, c0), (&mut r1, c1), (&mut r2, c2)] {
                    let v = day.get(c);
                    if v != 0.0 {
                        *r += v;
                    }
                }
                amounts(r0, r1, r2)
            }));
        }
        if has_exposure {
            ledger.dv01.extend_from_slice(&ex.net[..m]);
        } else {
            ledger.dv01.extend(std::iter::repeat_n(0.0, m));
        }
        Ok(())
    }
}

impl<'a> Engine<'a> {
    /// A portfolio's feed over the quiet stretch `from..to` that [`Engine::quiet_days`] has just
    /// run (instead of [`Engine::record_stretch`]): the trade's days as [`Engine::feed_day`]
    /// forms them day by day — P&L from the stretch's P&L scratch, costs (the day's pending
    /// costs on the first day, then none), margin from the exposure scratch, the constant
    /// `Σ |contracts|`; per leg in book order, its DV01 per currency and, in the trade's own
    /// currency (when not the base), its P&L `mark_pnl` from the mark before the stretch; then
    /// per day the DV01 carried. Flat legs' marks follow their contract's price as in
    /// [`Engine::record_stretch`].
    ///
    /// # Errors
    /// [`BacktestError::NoPrice`] as [`Engine::quiet_days`].
    pub(super) fn feed_stretch(
        &self,
        book: &Book,
        run: &mut Run<'a>,
        from: usize,
        to: usize,
    ) -> Result<(), BacktestError> {
        let m = to - from;
        let (any_held, has_exposure) = held_and_exposed(&run.legs);
        let Run {
            legs,
            feed,
            scratch,
            exposure_scratch: ex,
            acc,
            marks,
            ..
        } = run;
        let Some(feed) = feed.as_mut() else {
            return Ok(());
        };
        let base = self.config.base_currency;
        let currency = feed.currency;
        let contracts: i64 = legs.iter().map(|l| l.contracts.abs()).sum();
        let costs = std::mem::take(&mut acc.day_costs);
        let start = feed.days.len();
        let local_is_base = currency == base;
        feed.days.extend((0..m).map(|j| {
            let pnl = if any_held { scratch[j] } else { 0.0 };
            TradeDay {
                pnl,
                // The base-currency P&L when the trade's currency is the base, else added
                // leg by leg below.
                pnl_local: if local_is_base { pnl } else { 0.0 },
                costs: if j == 0 { costs } else { 0.0 },
                dv01: CurrencyAmounts::default(),
                contracts,
                margin: if has_exposure { ex.margin[j] } else { 0.0 },
            }
        }));
        let TradeFeed {
            days,
            long,
            short,
            carried,
            held_days,
            held: first_held,
            ..
        } = feed;
        let rows = &mut days[start..];
        // The DV01 carried (in the trade's currency) of each day with a position.
        if contracts != 0 {
            for col in [&mut *long, &mut *short] {
                col.clear();
                col.resize(m, 0.0);
            }
        }
        for (i, leg) in legs.iter_mut().enumerate() {
            let c = leg.contracts;
            let q = c as f64;
            let held = leg.held;
            let span = held.and_then(|h| {
                let j = from.checked_sub(h.cols.first_day)?;
                Some((h.cols.price.get(j..j + m)?, h.cols.dv01.get(j..j + m)?))
            });
            let carry = contracts != 0 && leg.currency == currency;
            // Day `j`'s DV01 of the leg, `dv × contracts`, into the row and the carried sides.
            let mut add = |j: usize, row: &mut TradeDay, dv: f64| {
                let v = dv * q;
                row.dv01.add(leg.currency, v);
                if carry {
                    if v > 0.0 {
                        long[j] += v;
                    } else {
                        short[j] -= v;
                    }
                }
            };
            match (held, span) {
                (None, _) => {}
                (Some(_), Some((_, dv01s))) => {
                    for (j, (row, dv)) in rows.iter_mut().zip(dv01s).enumerate() {
                        if let Some(dv) = dv {
                            add(j, row, *dv);
                        }
                    }
                }
                (Some(h), None) => {
                    for (j, (row, d)) in rows.iter_mut().zip(from..to).enumerate() {
                        if let Some(dv) = h.dv01(d) {
                            add(j, row, dv);
                        }
                    }
                }
            }
            match held {
                Some(h) if c != 0 => {
                    // Checked by `quiet_days` already; an error rather than short columns.
                    let Some((prices, _)) = span else {
                        return Err(self.no_price(book, i, h.id, (h.last_day() + 1).max(from)));
                    };
                    if currency != base && leg.currency == currency {
                        let pv = h.point_value;
                        let mut prev = marks.get(i).copied().unwrap_or(leg.mark);
                        for (row, &p) in rows.iter_mut().zip(prices) {
                            row.pnl_local += mark_pnl(q, p, prev, pv);
                            prev = p;
                        }
                    }
                }
                Some(h) => {
                    // Flat: the mark follows the contract's price where it has one.
                    if let Some(p) = (from..to).rev().find_map(|d| h.price(d)) {
                        leg.mark = p;
                    }
                }
                None => {}
            }
        }
        if contracts != 0 {
            for (&l, &s) in long.iter().zip(short.iter()) {
                TradeFeed::carry_into(carried, held_days, l, s);
            }
            if first_held.is_none() {
                *first_held = Some(self.held_text(legs));
            }
        }
        Ok(())
    }
}

/// Whether any leg holds contracts, and whether any leg holding contracts has DV01 or margin
/// (its exposure columns then enter the stretch's figures).
fn held_and_exposed(legs: &[Leg<'_>]) -> (bool, bool) {
    let any_held = legs.iter().any(|l| l.contracts != 0);
    let has_exposure = legs
        .iter()
        .any(|l| l.contracts != 0 && l.held.as_ref().is_some_and(|h| h.has_exposure()));
    (any_held, has_exposure)
}
