//! Everything in a data folder: the [`Dataset`], found by file-name pattern.

use super::curve::{CurveFormat, CurveTable};
use super::error::DataError;
use super::event::EventCalendar;
use super::security::SecurityList;
use super::series::{Series, ValueUnit};
use super::settlement::Settlements;
use std::fmt;
use std::path::{Path, PathBuf};

/// Where a [`Dataset`] came from.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Provenance {
    /// Made by the synthetic-data generator (the folder has its `MANIFEST.json`, or the data
    /// is [`Dataset::embedded_synthetic`]). Nothing built from it is market data.
    Synthetic {
        /// The generator named in the manifest.
        generator: String,
        /// The generator's seed.
        seed: u64,
    },
    /// Files found in a folder (real or user data; no generator manifest).
    Files {
        /// The folder.
        dir: PathBuf,
    },
}

impl Provenance {
    /// Whether the data is synthetic.
    pub fn is_synthetic(&self) -> bool {
        matches!(self, Provenance::Synthetic { .. })
    }
}

impl fmt::Display for Provenance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Provenance::Synthetic { generator, seed } => {
                write!(f, "SYNTHETIC data ({generator}, seed {seed})")
            }
            Provenance::Files { dir } => write!(f, "files in {}", dir.display()),
        }
    }
}

/// The market data of one folder: each part optional, at least one yield curve.
///
/// | field | file name pattern | read as |
/// | --- | --- | --- |
/// | `us_treasury` | `us_treasury_par_yield_curve*.csv` | [`CurveFormat::TreasuryOfficial`] if the header uses the Treasury's labels (`"1 Mo"`, `"10 Yr"`), else [`CurveFormat::TreasuryNormalised`] |
/// | `us_treasury_fred` | `us_treasury_cmt_fred*.csv` | [`CurveFormat::Fred`] |
/// | `china_bond` | `china_govt_bond_yield_curve*.csv` | [`CurveFormat::ChinaBond`] |
/// | `china_bond_ytm` | `chinabond_cgb_ytm_curve*.csv` | [`CurveFormat::ChinaBond`] (whole years `y1`..`y50`) |
/// | `vix` | `vix_index*.csv` | column `close`, [`ValueUnit::Level`] |
/// | `eurusd` | `eurusd*.csv` | column `usd_per_eur`, [`ValueUnit::Level`] |
/// | `usdcny` | `usdcny*.csv` | column `cny_per_usd`, [`ValueUnit::Level`] |
/// | `usdcny` | `fred_dexchus*.csv` (FRED DEXCHUS, H.10 noon New York; one of the two) | column `DEXCHUS`, [`ValueUnit::Level`] |
/// | `eur_short_rate` | `eur_short_rate*.csv` | column `rate_pct`, [`ValueUnit::Percent`] |
/// | `eurusd_noon_ny` | `fred_dexuseu*.csv` | FRED `DEXUSEU` ([`Series::read_fred`]), [`ValueUnit::Level`]: the H.10 noon New York buying rate |
/// | `eur_overnight` | `eur_overnight_eonia_estr*.csv` | column `rate`, [`ValueUnit::Percent`]: EONIA up to 2019-09-30, then €STR, as published |
/// | `fomc` | `fomc*.csv` | [`EventCalendar`] |
/// | `settlements` | `settlements*.csv` | [`Settlements`] |
/// | `securities` | `securities*.csv` | [`SecurityList`] |
#[derive(Debug, Clone, PartialEq)]
pub struct Dataset {
    /// Where the data came from.
    pub provenance: Provenance,
    /// The U.S. Treasury daily par yield curve.
    pub us_treasury: Option<CurveTable>,
    /// The FRED H.15 constant-maturity yields (longer history).
    pub us_treasury_fred: Option<CurveTable>,
    /// The ChinaBond CGB yield curve.
    pub china_bond: Option<CurveTable>,
    /// The ChinaBond CGB yield-to-maturity curve at every whole year 1Y..50Y (the 2016–2026
    /// file of the shared data); the market splices it after `china_bond`
    /// ([`crate::market::splice_cny_curve`]).
    pub china_bond_ytm: Option<CurveTable>,
    /// The VIX index close.
    pub vix: Option<Series>,
    /// EUR/USD, US dollars per euro.
    pub eurusd: Option<Series>,
    /// USD/CNY, yuan per US dollar.
    pub usdcny: Option<Series>,
    /// A EUR overnight rate (decimal fraction).
    pub eur_short_rate: Option<Series>,
    /// EUR/USD at noon New York (FRED DEXUSEU, Fed H.10), US dollars per euro.
    pub eurusd_noon_ny: Option<Series>,
    /// The EONIA → €STR overnight splice as published (decimal fraction, Act/360), with its
    /// −8.5 bp methodology step at 2019-10-01.
    pub eur_overnight: Option<Series>,
    /// FOMC decisions.
    pub fomc: Option<EventCalendar>,
    /// Futures settlement prices.
    pub settlements: Option<Settlements>,
    /// Securities for deliverable baskets.
    pub securities: Option<SecurityList>,
}

/// The file-name patterns, as `(prefix, pattern shown in errors)`; every file ends in `.csv`.
const PATTERNS: [(&str, &str); 12] = [
    (
        "us_treasury_par_yield_curve",
        "us_treasury_par_yield_curve*.csv",
    ),
    ("us_treasury_cmt_fred", "us_treasury_cmt_fred*.csv"),
    (
        "china_govt_bond_yield_curve",
        "china_govt_bond_yield_curve*.csv",
    ),
    ("vix_index", "vix_index*.csv"),
    ("eurusd", "eurusd*.csv"),
    ("usdcny", "usdcny*.csv"),
    ("eur_short_rate", "eur_short_rate*.csv"),
    ("fomc", "fomc*.csv"),
    ("settlements", "settlements*.csv"),
    ("securities", "securities*.csv"),
    ("fred_dexuseu", "fred_dexuseu*.csv"),
    ("eur_overnight_eonia_estr", "eur_overnight_eonia_estr*.csv"),
];

/// The manifest the generator writes next to its files.
const MANIFEST: &str = "MANIFEST.json";

impl Dataset {
    /// Loads every known file in `dir` (see the table on [`Dataset`]).
    ///
    /// Each part is optional, but the folder must hold at least one yield curve. Other files
    /// (a README, unrelated CSVs) are ignored. A `MANIFEST.json` written by the synthetic-data
    /// generator makes the provenance [`Provenance::Synthetic`]; otherwise it is
    /// [`Provenance::Files`].
    ///
    /// # Errors
    /// [`DataError::ReadDir`] if the folder cannot be listed; [`DataError::AmbiguousFiles`] if
    /// two files match one pattern; [`DataError::NoCurve`] without a curve file;
    /// [`DataError::Manifest`] for a manifest without a generator and seed; every error of
    /// the loaders, naming the file.
    ///
    /// # Examples
    /// ```
    /// use spreadtrade::data::Dataset;
    ///
    /// let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/synthetic");
    /// let data = Dataset::load_dir(dir)?;
    /// assert!(data.provenance.is_synthetic());
    /// assert!(data.us_treasury.is_some() && data.vix.is_some());
    /// # Ok::<(), spreadtrade::data::DataError>(())
    /// ```
    pub fn load_dir(dir: impl AsRef<Path>) -> Result<Self, DataError> {
        let dir = dir.as_ref();
        let dir_name = dir.display().to_string();
        let entries = std::fs::read_dir(dir).map_err(|error| DataError::ReadDir {
            dir: dir_name.clone(),
            error,
        })?;
        let mut names: Vec<String> = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|error| DataError::ReadDir {
                dir: dir_name.clone(),
                error,
            })?;
            if let Ok(name) = entry.file_name().into_string() {
                names.push(name);
            }
        }
        names.sort();
        let mut found: [Option<PathBuf>; PATTERNS.len()] = Default::default();
        for (slot, (prefix, pattern)) in found.iter_mut().zip(PATTERNS) {
            let mut matches = names
                .iter()
                .filter(|n| n.starts_with(prefix) && n.ends_with(".csv"));
            if let Some(first) = matches.next() {
                if let Some(second) = matches.next() {
                    return Err(DataError::AmbiguousFiles {
                        dir: dir_name,
                        pattern: pattern.to_owned(),
                        first: first.clone(),
                        second: second.clone(),
                    });
                }
                *slot = Some(dir.join(first));
            }
        }
        let [
            ust,
            fred,
            cgb,
            vix,
            eurusd,
            usdcny,
            eur_rate,
            fomc,
            settlements,
            securities,
            eurusd_noon_ny,
            eur_overnight,
        ] = found;
        let cgb_ytm = find_file(
            &names,
            dir,
            "chinabond_cgb_ytm_curve",
            "chinabond_cgb_ytm_curve*.csv",
        )?;
        let dexchus = find_file(&names, dir, "fred_dexchus", "fred_dexchus*.csv")?;
        if let (Some(a), Some(b)) = (&usdcny, &dexchus) {
            return Err(DataError::AmbiguousFiles {
                dir: dir_name,
                pattern: "usdcny*.csv or fred_dexchus*.csv".to_owned(),
                first: file_name(a),
                second: file_name(b),
            });
        }
        if ust.is_none() && fred.is_none() && cgb.is_none() && cgb_ytm.is_none() {
            return Err(DataError::NoCurve { dir: dir_name });
        }
        let provenance = if names.iter().any(|n| n == MANIFEST) {
            let path = dir.join(MANIFEST);
            let text = std::fs::read_to_string(&path).map_err(|error| DataError::Io {
                file: path.display().to_string(),
                error,
            })?;
            manifest_provenance(&text, &path.display().to_string())?
        } else {
            Provenance::Files {
                dir: dir.to_path_buf(),
            }
        };
        Ok(Dataset {
            provenance,
            us_treasury: ust.map(|p| load_treasury(&p)).transpose()?,
            us_treasury_fred: fred
                .map(|p| CurveTable::load(p, CurveFormat::Fred))
                .transpose()?,
            china_bond: cgb
                .map(|p| CurveTable::load(p, CurveFormat::ChinaBond))
                .transpose()?,
            china_bond_ytm: cgb_ytm
                .map(|p| CurveTable::load(p, CurveFormat::ChinaBond))
                .transpose()?,
            vix: vix
                .map(|p| Series::load(p, "close", ValueUnit::Level))
                .transpose()?,
            eurusd: eurusd
                .map(|p| Series::load(p, "usd_per_eur", ValueUnit::Level))
                .transpose()?,
            usdcny: match (usdcny, dexchus) {
                (Some(p), _) => Some(Series::load(p, "cny_per_usd", ValueUnit::Level)?),
                (None, Some(p)) => Some(Series::load(p, "DEXCHUS", ValueUnit::Level)?),
                (None, None) => None,
            },
            eur_short_rate: eur_rate
                .map(|p| Series::load(p, "rate_pct", ValueUnit::Percent))
                .transpose()?,
            fomc: fomc.map(EventCalendar::load).transpose()?,
            settlements: settlements.map(Settlements::load).transpose()?,
            securities: securities.map(SecurityList::load).transpose()?,
            eurusd_noon_ny: eurusd_noon_ny
                .map(|p| Series::load_fred(p, ValueUnit::Level))
                .transpose()?,
            eur_overnight: eur_overnight
                .map(|p| Series::load(p, "rate", ValueUnit::Percent))
                .transpose()?,
        })
    }

    /// The synthetic fixtures compiled into the library (`fixtures/synthetic/`, made by
    /// [`super::generate_synthetic`] with its default config), plus the hand-made securities
    /// list `fixtures/securities/securities.csv` (real bond terms, not a complete list), so
    /// that examples and the CLI run with no files. Its provenance is
    /// [`Provenance::Synthetic`]: label every result built from it as synthetic.
    ///
    /// # Panics
    /// Never in a released build: the embedded files are parsed by the test suite
    /// (`embedded_synthetic_parses`), so a parse failure would be caught before release.
    ///
    /// # Examples
    /// ```
    /// use spreadtrade::data::Dataset;
    ///
    /// let data = Dataset::embedded_synthetic();
    /// assert!(data.provenance.is_synthetic());
    /// assert_eq!(data.us_treasury.unwrap().dates[0].to_string(), "2018-01-02");
    /// ```
    pub fn embedded_synthetic() -> Self {
        Self::try_embedded_synthetic()
            .expect("the embedded synthetic fixtures parse (checked by the test suite)")
    }

    /// [`Dataset::embedded_synthetic`], returning the parse error instead of panicking.
    ///
    /// # Errors
    /// None in practice (see [`Dataset::embedded_synthetic`]); a loader error naming the
    /// embedded file otherwise.
    pub fn try_embedded_synthetic() -> Result<Self, DataError> {
        let name = |file: &str| format!("embedded:fixtures/synthetic/{file}");
        let provenance = manifest_provenance(EMBEDDED_MANIFEST, &name(MANIFEST))?;
        Ok(Dataset {
            provenance,
            us_treasury: Some(CurveTable::read(
                EMBEDDED_UST.as_bytes(),
                &name("us_treasury_par_yield_curve_synthetic.csv"),
                CurveFormat::TreasuryNormalised,
            )?),
            us_treasury_fred: None,
            china_bond: Some(CurveTable::read(
                EMBEDDED_CGB.as_bytes(),
                &name("china_govt_bond_yield_curve_synthetic.csv"),
                CurveFormat::ChinaBond,
            )?),
            china_bond_ytm: None,
            vix: Some(Series::read(
                EMBEDDED_VIX.as_bytes(),
                &name("vix_index_synthetic.csv"),
                "close",
                ValueUnit::Level,
            )?),
            eurusd: Some(Series::read(
                EMBEDDED_EURUSD.as_bytes(),
                &name("eurusd_synthetic.csv"),
                "usd_per_eur",
                ValueUnit::Level,
            )?),
            usdcny: Some(Series::read(
                EMBEDDED_USDCNY.as_bytes(),
                &name("usdcny_synthetic.csv"),
                "cny_per_usd",
                ValueUnit::Level,
            )?),
            eur_short_rate: Some(Series::read(
                EMBEDDED_EUR_RATE.as_bytes(),
                &name("eur_short_rate_synthetic.csv"),
                "rate_pct",
                ValueUnit::Percent,
            )?),
            fomc: None,
            settlements: None,
            securities: Some(SecurityList::read(
                EMBEDDED_SECURITIES.as_bytes(),
                "embedded:fixtures/securities/securities.csv",
            )?),
            eurusd_noon_ny: None,
            eur_overnight: None,
        })
    }

    /// Whether the dataset is synthetic.
    pub fn is_synthetic(&self) -> bool {
        self.provenance.is_synthetic()
    }
}

const EMBEDDED_MANIFEST: &str = include_str!("../../fixtures/synthetic/MANIFEST.json");
const EMBEDDED_UST: &str =
    include_str!("../../fixtures/synthetic/us_treasury_par_yield_curve_synthetic.csv");
const EMBEDDED_CGB: &str =
    include_str!("../../fixtures/synthetic/china_govt_bond_yield_curve_synthetic.csv");
const EMBEDDED_VIX: &str = include_str!("../../fixtures/synthetic/vix_index_synthetic.csv");
const EMBEDDED_EURUSD: &str = include_str!("../../fixtures/synthetic/eurusd_synthetic.csv");
const EMBEDDED_USDCNY: &str = include_str!("../../fixtures/synthetic/usdcny_synthetic.csv");
const EMBEDDED_EUR_RATE: &str =
    include_str!("../../fixtures/synthetic/eur_short_rate_synthetic.csv");
const EMBEDDED_SECURITIES: &str = include_str!("../../fixtures/securities/securities.csv");

/// A Treasury par-curve file: the official download (labels like `"10 Yr"`) or the
/// normalised layout (`y10`).
fn load_treasury(path: &Path) -> Result<CurveTable, DataError> {
    let file = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|error| DataError::Io {
        file: file.clone(),
        error,
    })?;
    let header = bytes.split(|&b| b == b'\n').next().unwrap_or_default();
    let official = String::from_utf8_lossy(header).split(',').any(|h| {
        h.trim()
            .trim_matches('"')
            .parse::<crate::curve::Tenor>()
            .is_ok()
    });
    let format = if official {
        CurveFormat::TreasuryOfficial
    } else {
        CurveFormat::TreasuryNormalised
    };
    CurveTable::read(bytes.as_slice(), &file, format)
}

/// The one file of `names` (sorted) that starts with `prefix` and ends in `.csv`, as a path in
/// `dir`; `pattern` names the pattern in errors.
fn find_file(
    names: &[String],
    dir: &Path,
    prefix: &str,
    pattern: &str,
) -> Result<Option<PathBuf>, DataError> {
    let mut matches = names
        .iter()
        .filter(|n| n.starts_with(prefix) && n.ends_with(".csv"));
    let Some(first) = matches.next() else {
        return Ok(None);
    };
    if let Some(second) = matches.next() {
        return Err(DataError::AmbiguousFiles {
            dir: dir.display().to_string(),
            pattern: pattern.to_owned(),
            first: first.clone(),
            second: second.clone(),
        });
    }
    Ok(Some(dir.join(first)))
}

/// The file name of a path found in a folder listing (for errors).
fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// The part of the generator's manifest that the provenance needs.
#[derive(Debug, serde::Deserialize)]
struct ManifestHead {
    generator: String,
    seed: u64,
}

fn manifest_provenance(text: &str, file: &str) -> Result<Provenance, DataError> {
    let manifest: ManifestHead = serde_json::from_str(text).map_err(|e| {
        // serde_json ends its message with the position, which the error already carries.
        let message = e.to_string();
        let position = format!(" at line {} column {}", e.line(), e.column());
        DataError::Manifest {
            file: file.to_owned(),
            line: e.line(),
            column: e.column(),
            message: message
                .strip_suffix(&position)
                .unwrap_or(&message)
                .to_owned(),
        }
    })?;
    Ok(Provenance::Synthetic {
        generator: manifest.generator,
        seed: manifest.seed,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_synthetic_parses() {
        let data = Dataset::try_embedded_synthetic().unwrap();
        assert!(data.is_synthetic());
        for table in [&data.us_treasury, &data.china_bond] {
            let t = table.as_ref().unwrap();
            assert_eq!(t.len(), 2087);
            assert!(t.report.is_balanced());
        }
        assert_eq!(data.vix.as_ref().unwrap().len(), 2087);
        assert_eq!(data.securities.as_ref().unwrap().securities.len(), 28);
    }

    #[test]
    fn normalised_header_is_not_official() {
        // `m3` and `y10` do not parse as Treasury labels, `"3 Mo"` does.
        assert!("m3".parse::<crate::curve::Tenor>().is_err());
        assert!("3 Mo".parse::<crate::curve::Tenor>().is_ok());
    }
}
