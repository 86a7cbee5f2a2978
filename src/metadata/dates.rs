//! Reading dates as pages write them, and writing them back as ISO 8601.
//!
//! Structured sources (JSON-LD, `<meta>`, `<time datetime>`) mostly use ISO
//! 8601 or RFC 2822; visible datelines use the page language's own format
//! ("24. Oktober 2019", "3 de mayo de 2020", "October 8, 2019",
//! "2019年10月8日"). Both are read here without regular expressions: text is
//! cut into number / word / symbol tokens once and a handful of token
//! patterns are tried at each position.
//!
//! Output format (a decision the record documents): a [`Moment`] prints as
//! `YYYY-MM-DDTHH:MM:SS+HH:MM` when the source gave a time *and* a time
//! zone, otherwise as the calendar date `YYYY-MM-DD`. A time without a zone
//! cannot be placed on the time line, so it is dropped rather than printed
//! as if it were UTC.
//!
//! Only plausible dates count: from 1995-01-01 (the web before that had no
//! dated articles worth the name) to the day after the reference day (a
//! page in UTC+14 may already be dated tomorrow). The reference day is the
//! caller's (`Options::now`: the day the page was fetched), else today by
//! the system clock. This turns away cookie expiry dates, copyright
//! years far in the future and zero dates from templates.

use std::time::{SystemTime, UNIX_EPOCH};

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    /// The year, e.g. 2019.
    pub year: i32,
    /// 1 to 12.
    pub month: u8,
    /// 1 to 31, valid for the month.
    pub day: u8,
}

/// A time of day with its offset from UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ZonedTime {
    /// 0 to 23.
    pub hour: u8,
    /// 0 to 59.
    pub minute: u8,
    /// 0 to 59 (a leap second is clamped to 59).
    pub second: u8,
    /// Offset from UTC in minutes, e.g. 120 for `+02:00`.
    pub offset_minutes: i16,
}

/// A date, with the time when the source gave one with its zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Moment {
    /// The calendar date as written in the source's own zone.
    pub date: Date,
    /// The time and zone, when both were given.
    pub time: Option<ZonedTime>,
}

impl Date {
    /// A date if the parts make a real calendar day.
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month as u8) as u32 {
            return None;
        }
        Some(Date {
            year,
            month: month as u8,
            day: day as u8,
        })
    }

    /// The calendar date an ISO 8601 value starts with: `2019-10-08`, or
    /// `2019-10-08T09:30:00Z` (the date as written, whatever its zone), as
    /// in a WARC-Date or `--now`.
    pub fn parse_iso(value: &str) -> Option<Date> {
        parse_iso(value.trim()).map(|moment| moment.date)
    }

    /// Between 1995-01-01 and the day after `today`.
    pub fn is_plausible(&self, today: Date) -> bool {
        let earliest = Date {
            year: 1995,
            month: 1,
            day: 1,
        };
        *self >= earliest && days_from_civil(*self) <= days_from_civil(today) + 1
    }
}

impl std::fmt::Display for Date {
    /// `YYYY-MM-DD`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Moment {
    /// ISO 8601: `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM:SS+HH:MM`.
    pub fn to_iso(&self) -> String {
        let d = self.date;
        match self.time {
            None => format!("{:04}-{:02}-{:02}", d.year, d.month, d.day),
            Some(t) => {
                let sign = if t.offset_minutes < 0 { '-' } else { '+' };
                let off = t.offset_minutes.unsigned_abs();
                format!(
                    "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{}{:02}:{:02}",
                    d.year,
                    d.month,
                    d.day,
                    t.hour,
                    t.minute,
                    t.second,
                    sign,
                    off / 60,
                    off % 60
                )
            }
        }
    }
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Days since 1970-01-01 (proleptic Gregorian; Howard Hinnant's method).
fn days_from_civil(d: Date) -> i64 {
    let y = i64::from(d.year) - i64::from(d.month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(d.month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d.day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of a day count since 1970-01-01.
fn civil_from_days(z: i64) -> Date {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    Date {
        year: (y + i64::from(m <= 2)) as i32,
        month: m as u8,
        day: d as u8,
    }
}

/// Today's date in UTC, from the system clock.
pub fn today_utc() -> Date {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    civil_from_days(secs.div_euclid(86_400))
}

fn moment_from_unix(secs: i64) -> Moment {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    Moment {
        date: civil_from_days(days),
        time: Some(ZonedTime {
            hour: (rem / 3600) as u8,
            minute: (rem % 3600 / 60) as u8,
            second: (rem % 60) as u8,
            offset_minutes: 0,
        }),
    }
}

// ---------------------------------------------------------------------------
// Structured values: ISO 8601, RFC 2822, Unix timestamps.

/// Read a date from a structured value (a `content` or `datetime`
/// attribute, a JSON-LD string): ISO 8601 and its common variants, RFC 2822
/// / HTTP dates, Unix timestamps; as a last resort the value is read like
/// visible text.
pub fn parse_structured(value: &str, lang: Option<&str>) -> Option<Moment> {
    let v = value.trim();
    if v.is_empty() {
        return None;
    }
    parse_iso(v)
        .or_else(|| parse_unix(v))
        .or_else(|| parse_rfc2822(v))
        .or_else(|| parse_text(v, lang).map(|date| Moment { date, time: None }))
}

/// A small cursor over ASCII bytes for the fixed-layout formats.
struct Cursor<'a> {
    b: &'a [u8],
    i: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }
    fn eat(&mut self, c: u8) -> bool {
        if self.peek() == Some(c) {
            self.i += 1;
            true
        } else {
            false
        }
    }
    /// Exactly `n` ASCII digits.
    fn digits(&mut self, n: usize) -> Option<u32> {
        let s = self.b.get(self.i..self.i + n)?;
        if !s.iter().all(u8::is_ascii_digit) {
            return None;
        }
        self.i += n;
        Some(s.iter().fold(0, |acc, d| acc * 10 + u32::from(d - b'0')))
    }
    /// One or two ASCII digits.
    fn digits_1_2(&mut self) -> Option<u32> {
        let first = self.digits(1)?;
        match self.digits(1) {
            Some(second) => Some(first * 10 + second),
            None => Some(first),
        }
    }
    fn skip_spaces(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.i += 1;
        }
    }
    fn rest(&self) -> &[u8] {
        self.b.get(self.i..).unwrap_or(&[])
    }
}

/// `YYYY-MM-DD`, `YYYY/MM/DD`, `YYYYMMDD`, optionally followed by `T` or a
/// space and `HH:MM[:SS[.fff]]` and a zone (`Z`, `±HH:MM`, `±HHMM`, `±HH`,
/// ` GMT`, ` UTC`).
pub fn parse_iso(v: &str) -> Option<Moment> {
    let mut c = Cursor {
        b: v.as_bytes(),
        i: 0,
    };
    let year = c.digits(4)? as i32;
    let (month, day) = if c.eat(b'-') {
        let m = c.digits(2)?;
        c.eat(b'-').then_some(())?;
        (m, c.digits(2)?)
    } else if c.eat(b'/') {
        let m = c.digits_1_2()?;
        c.eat(b'/').then_some(())?;
        (m, c.digits_1_2()?)
    } else {
        (c.digits(2)?, c.digits(2)?)
    };
    let date = Date::new(year, month, day)?;
    if c.peek().is_some_and(|b| b.is_ascii_digit()) {
        return None; // more digits: not a date we understand
    }
    let plain = Moment { date, time: None };
    if !(c.eat(b'T') || c.eat(b't') || c.eat(b' ')) {
        return c.rest().is_empty().then_some(plain);
    }
    let Some(hour) = c.digits(2) else {
        return Some(plain);
    };
    if !c.eat(b':') {
        return Some(plain);
    }
    let Some(minute) = c.digits(2) else {
        return Some(plain);
    };
    let mut second = 0;
    if c.eat(b':') {
        second = c.digits(2).unwrap_or(0);
        if c.eat(b'.') || c.eat(b',') {
            while c.peek().is_some_and(|b| b.is_ascii_digit()) {
                c.i += 1;
            }
        }
    }
    if hour > 23 || minute > 59 || second > 60 {
        return Some(plain);
    }
    c.skip_spaces();
    let offset = parse_zone(&mut c);
    Some(Moment {
        date,
        time: offset.map(|offset_minutes| ZonedTime {
            hour: hour as u8,
            minute: minute as u8,
            second: second.min(59) as u8,
            offset_minutes,
        }),
    })
}

/// A numeric or UTC zone at the cursor, in minutes east of UTC.
fn parse_zone(c: &mut Cursor<'_>) -> Option<i16> {
    if c.eat(b'Z') || c.eat(b'z') {
        return Some(0);
    }
    let named_utc = c
        .rest()
        .get(..3)
        .is_some_and(|s| s.eq_ignore_ascii_case(b"GMT") || s.eq_ignore_ascii_case(b"UTC"));
    if named_utc {
        c.i += 3;
        if !matches!(c.peek(), Some(b'+' | b'-')) {
            return Some(0);
        }
    }
    let sign: i16 = if c.eat(b'+') {
        1
    } else if c.eat(b'-') {
        -1
    } else {
        return None;
    };
    let hh = c.digits(2)? as i16;
    c.eat(b':');
    let mm = c.digits(2).unwrap_or(0) as i16;
    if hh > 14 || mm > 59 {
        return None;
    }
    Some(sign * (hh * 60 + mm))
}

/// A Unix timestamp in seconds (10 digits) or milliseconds (13 digits).
fn parse_unix(v: &str) -> Option<Moment> {
    if !v.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: i64 = v.parse().ok()?;
    match v.len() {
        10 => Some(moment_from_unix(n)),
        13 => Some(moment_from_unix(n / 1000)),
        _ => None,
    }
}

/// RFC 2822 / HTTP dates: `[Tue, ]08 Oct 2019 14:30[:00] (GMT|+0200|EDT..)`.
fn parse_rfc2822(v: &str) -> Option<Moment> {
    let mut words = v
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .peekable();
    if words
        .peek()
        .is_some_and(|w| w.chars().all(|c| c.is_ascii_alphabetic()))
    {
        words.next(); // weekday
    }
    let day: u32 = words.next()?.parse().ok()?;
    let month = month_number(&words.next()?.to_ascii_lowercase())?;
    let year: i32 = words.next()?.parse().ok()?;
    let date = Date::new(year, u32::from(month), day)?;
    let plain = Moment { date, time: None };
    let Some(clock) = words.next() else {
        return Some(plain);
    };
    let mut parts = clock.split(':');
    let hour: u8 = parts.next().and_then(|p| p.parse().ok())?;
    let minute: u8 = parts.next().and_then(|p| p.parse().ok())?;
    let second: u8 = parts.next().and_then(|p| p.parse().ok()).unwrap_or(0);
    if hour > 23 || minute > 59 || second > 60 {
        return Some(plain);
    }
    let zone = words.next().unwrap_or("");
    let offset = match zone.to_ascii_uppercase().as_str() {
        "GMT" | "UT" | "UTC" | "Z" => Some(0),
        "EDT" => Some(-4 * 60),
        "EST" | "CDT" => Some(-5 * 60),
        "CST" | "MDT" => Some(-6 * 60),
        "MST" | "PDT" => Some(-7 * 60),
        "PST" => Some(-8 * 60),
        other => {
            let mut c = Cursor {
                b: other.as_bytes(),
                i: 0,
            };
            parse_zone(&mut c).filter(|_| c.rest().is_empty())
        }
    };
    Some(Moment {
        date,
        time: offset.map(|offset_minutes| ZonedTime {
            hour,
            minute,
            second: second.min(59),
            offset_minutes,
        }),
    })
}

// ---------------------------------------------------------------------------
// Visible text.

/// One token of a dateline.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Tok<'a> {
    /// A run of ASCII digits: value and digit count.
    Num(u32, u8),
    /// A run of letters (one CJK/Hangul date character is a word alone).
    Word(&'a str),
    /// Any other non-space character.
    Sym(char),
}

/// True for the ideographs and syllables that stand for year/month/day.
fn is_cjk_unit(c: char) -> bool {
    matches!(c, '年' | '月' | '日' | '년' | '월' | '일')
}

fn tokenize(s: &str) -> Vec<Tok<'_>> {
    let mut out = Vec::new();
    let mut chars = s.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if c.is_ascii_digit() {
            let mut end = start + 1;
            while let Some(&(i, d)) = chars.peek() {
                if !d.is_ascii_digit() {
                    break;
                }
                end = i + 1;
                chars.next();
            }
            let digits = &s[start..end];
            let value = if digits.len() <= 9 {
                digits.parse().unwrap_or(u32::MAX)
            } else {
                u32::MAX
            };
            out.push(Tok::Num(value, digits.len().min(255) as u8));
        } else if is_cjk_unit(c) {
            out.push(Tok::Word(&s[start..start + c.len_utf8()]));
        } else if c.is_alphabetic() {
            let mut end = start + c.len_utf8();
            while let Some(&(i, d)) = chars.peek() {
                if !d.is_alphabetic() || is_cjk_unit(d) {
                    break;
                }
                end = i + d.len_utf8();
                chars.next();
            }
            out.push(Tok::Word(&s[start..end]));
        } else if !c.is_whitespace() {
            out.push(Tok::Sym(c));
        }
    }
    out
}

/// Month names and abbreviations in the languages pith meets most, lower
/// case. Genitive forms for Slavic languages, which write "8 октября".
#[rustfmt::skip]
const MONTHS: &[(&str, u8)] = &[
    // English
    ("january", 1), ("february", 2), ("march", 3), ("april", 4), ("may", 5), ("june", 6),
    ("july", 7), ("august", 8), ("september", 9), ("october", 10), ("november", 11),
    ("december", 12), ("jan", 1), ("feb", 2), ("mar", 3), ("apr", 4), ("jun", 6), ("jul", 7),
    ("aug", 8), ("sep", 9), ("sept", 9), ("oct", 10), ("nov", 11), ("dec", 12),
    // German
    ("januar", 1), ("jänner", 1), ("jän", 1), ("februar", 2), ("feber", 2), ("märz", 3),
    ("maerz", 3), ("mär", 3), ("mrz", 3), ("mai", 5), ("juni", 6), ("juli", 7), ("oktober", 10),
    ("okt", 10), ("dezember", 12), ("dez", 12),
    // French
    ("janvier", 1), ("janv", 1), ("février", 2), ("fevrier", 2), ("févr", 2), ("fevr", 2),
    ("fév", 2), ("mars", 3), ("avril", 4), ("avr", 4), ("juin", 6), ("juillet", 7), ("juil", 7),
    ("août", 8), ("aout", 8), ("septembre", 9), ("octobre", 10), ("novembre", 11),
    ("décembre", 12), ("decembre", 12), ("déc", 12),
    // Spanish
    ("enero", 1), ("ene", 1), ("febrero", 2), ("marzo", 3), ("abril", 4), ("abr", 4), ("mayo", 5),
    ("junio", 6), ("julio", 7), ("agosto", 8), ("ago", 8), ("septiembre", 9), ("setiembre", 9),
    ("octubre", 10), ("noviembre", 11), ("diciembre", 12), ("dic", 12),
    // Italian
    ("gennaio", 1), ("gen", 1), ("febbraio", 2), ("aprile", 4), ("maggio", 5), ("mag", 5),
    ("giugno", 6), ("giu", 6), ("luglio", 7), ("lug", 7), ("settembre", 9), ("set", 9),
    ("sett", 9), ("ottobre", 10), ("ott", 10),
    // Portuguese
    ("janeiro", 1), ("fevereiro", 2), ("fev", 2), ("março", 3), ("marco", 3), ("maio", 5),
    ("junho", 6), ("julho", 7), ("setembro", 9), ("outubro", 10), ("out", 10), ("novembro", 11),
    ("dezembro", 12),
    // Dutch, Scandinavian
    ("januari", 1), ("februari", 2), ("maart", 3), ("mrt", 3), ("mei", 5), ("augustus", 8),
    ("marts", 3), ("maj", 5), ("augusti", 8), ("desember", 12), ("des", 12),
    // Polish (genitive)
    ("stycznia", 1), ("lutego", 2), ("marca", 3), ("kwietnia", 4), ("maja", 5), ("czerwca", 6),
    ("lipca", 7), ("sierpnia", 8), ("września", 9), ("października", 10), ("listopada", 11),
    ("grudnia", 12),
    // Russian (genitive)
    ("января", 1), ("февраля", 2), ("марта", 3), ("апреля", 4), ("мая", 5), ("июня", 6),
    ("июля", 7), ("августа", 8), ("сентября", 9), ("октября", 10), ("ноября", 11), ("декабря", 12),
    // Turkish
    ("ocak", 1), ("şubat", 2), ("mart", 3), ("nisan", 4), ("mayıs", 5), ("haziran", 6),
    ("temmuz", 7), ("ağustos", 8), ("eylül", 9), ("ekim", 10), ("kasım", 11), ("aralık", 12),
];

/// The month a (lower-case) word names, if any.
pub fn month_number(word: &str) -> Option<u8> {
    MONTHS.iter().find(|(name, _)| *name == word).map(|m| m.1)
}

fn month_of(tok: Option<&Tok<'_>>) -> Option<u8> {
    match tok {
        Some(Tok::Word(w)) if w.len() <= 24 => month_number(&w.to_lowercase()),
        _ => None,
    }
}

/// Ordinal endings written after a day number: 8th, 1er, 1º, 3ª.
fn is_ordinal_suffix(w: &str) -> bool {
    matches!(
        w,
        "st" | "nd" | "rd" | "th" | "er" | "re" | "e" | "º" | "ª" | "o" | "a"
    )
}

/// Words that sit between day, month and year in some languages
/// ("3 de mayo de 2020", "8 of October 2019").
fn is_filler(w: &str) -> bool {
    matches!(w, "de" | "del" | "of")
}

/// Read the first date written in a short piece of visible text, in any of
/// the supported formats. `lang` (a BCP 47 tag) decides how ambiguous
/// slashed dates like `08/10/2019` are read: month first for US English,
/// day first for other languages; without a language they are skipped.
pub fn parse_text(s: &str, lang: Option<&str>) -> Option<Date> {
    let toks = tokenize(s);
    (0..toks.len()).find_map(|i| date_at(&toks, i, lang))
}

fn date_at(t: &[Tok<'_>], i: usize, lang: Option<&str>) -> Option<Date> {
    let at = |k: usize| t.get(k);
    match *at(i)? {
        Tok::Num(year, 4) => {
            // 2019-10-08, 2019/10/08, 2019.10.08
            if let (
                Some(Tok::Sym(s1)),
                Some(Tok::Num(m, _)),
                Some(Tok::Sym(s2)),
                Some(Tok::Num(d, dl)),
            ) = (at(i + 1), at(i + 2), at(i + 3), at(i + 4))
            {
                if s1 == s2 && matches!(s1, '-' | '/' | '.') && *dl <= 2 {
                    return Date::new(year as i32, *m, *d);
                }
            }
            // 2019年10月8日, 2019년 10월 8일
            if let (
                Some(Tok::Word(y)),
                Some(Tok::Num(m, _)),
                Some(Tok::Word(mo)),
                Some(Tok::Num(d, _)),
                Some(Tok::Word(da)),
            ) = (at(i + 1), at(i + 2), at(i + 3), at(i + 4), at(i + 5))
            {
                if matches!(*y, "年" | "년")
                    && matches!(*mo, "月" | "월")
                    && matches!(*da, "日" | "일")
                {
                    return Date::new(year as i32, *m, *d);
                }
            }
            None
        }
        Tok::Num(day, 1..=2) => {
            let mut k = i + 1;
            // 24.10.2019, 08/10/2019, 08-10-2019
            if let (
                Some(Tok::Sym(s1)),
                Some(Tok::Num(second, 1..=2)),
                Some(Tok::Sym(s2)),
                Some(Tok::Num(year, 4)),
            ) = (at(k), at(k + 1), at(k + 2), at(k + 3))
            {
                if s1 == s2 && matches!(s1, '.' | '/' | '-') {
                    if at(k + 4).is_some_and(|t| matches!(t, Tok::Num(..))) {
                        return None;
                    }
                    let year = *year as i32;
                    return match s1 {
                        '.' => Date::new(year, *second, day),
                        _ => numeric_day_month(year, day, *second, lang),
                    };
                }
            }
            // 8th October 2019, 24. Oktober 2019, 3 de mayo de 2020
            if let Some(Tok::Word(w)) = at(k) {
                if is_ordinal_suffix(w) {
                    k += 1;
                }
            }
            if at(k) == Some(&Tok::Sym('.')) {
                k += 1;
            }
            if let Some(Tok::Word(w)) = at(k) {
                if is_filler(w) {
                    k += 1;
                }
            }
            let month = month_of(at(k))?;
            k += 1;
            while let Some(tok) = at(k) {
                match tok {
                    Tok::Sym('.' | ',') => k += 1,
                    Tok::Word(w) if is_filler(w) => k += 1,
                    _ => break,
                }
            }
            match at(k) {
                Some(Tok::Num(year, 4)) => Date::new(*year as i32, u32::from(month), day),
                _ => None,
            }
        }
        Tok::Word(_) => {
            // October 8, 2019; Oct. 8th 2019
            let month = month_of(at(i))?;
            let mut k = i + 1;
            if at(k) == Some(&Tok::Sym('.')) {
                k += 1;
            }
            let Some(Tok::Num(day, 1..=2)) = at(k) else {
                return None;
            };
            k += 1;
            if let Some(Tok::Word(w)) = at(k) {
                if is_ordinal_suffix(w) {
                    k += 1;
                }
            }
            while matches!(at(k), Some(Tok::Sym(',' | '.'))) {
                k += 1;
            }
            match at(k) {
                Some(Tok::Num(year, 4)) => Date::new(*year as i32, u32::from(month), *day),
                _ => None,
            }
        }
        _ => None,
    }
}

/// `a/b/YYYY`: unambiguous when one part exceeds 12, else read by language.
fn numeric_day_month(year: i32, a: u32, b: u32, lang: Option<&str>) -> Option<Date> {
    if a > 12 {
        return Date::new(year, b, a);
    }
    if b > 12 || a == b {
        return Date::new(year, a, b);
    }
    let lang = lang?.to_ascii_lowercase().replace('_', "-");
    if lang == "en-us" || lang == "en" {
        // Month first is the US habit; plain "en" pages are mostly American.
        Date::new(year, a, b)
    } else {
        Date::new(year, b, a)
    }
}

/// A full date in a URL path: `/2019/10/08/`, `/2019-10-08-slug`,
/// `/20191008/`. Year-and-month paths are not a date.
pub fn parse_url_date(url: &str) -> Option<Date> {
    let path_start = url.find("://").map(|i| i + 3).unwrap_or(0);
    let path = url[path_start..]
        .find('/')
        .map(|i| &url[path_start + i..])?;
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let toks = tokenize(path);
    for i in 0..toks.len() {
        match toks[i] {
            Tok::Num(year, 4) if (1995..=2100).contains(&year) => {
                if let (
                    Some(Tok::Sym(s1)),
                    Some(Tok::Num(m, 1..=2)),
                    Some(Tok::Sym(s2)),
                    Some(Tok::Num(d, 1..=2)),
                ) = (
                    toks.get(i + 1),
                    toks.get(i + 2),
                    toks.get(i + 3),
                    toks.get(i + 4),
                ) {
                    if s1 == s2 && matches!(s1, '/' | '-' | '_') {
                        if let Some(date) = Date::new(year as i32, *m, *d) {
                            return Some(date);
                        }
                    }
                }
            }
            Tok::Num(n, 8) => {
                let bounded = |t: Option<&Tok<'_>>| !matches!(t, Some(Tok::Word(_)));
                if bounded(i.checked_sub(1).and_then(|p| toks.get(p))) && bounded(toks.get(i + 1)) {
                    let (y, m, d) = (n / 10_000, n / 100 % 100, n % 100);
                    if (1995..=2100).contains(&y) {
                        if let Some(date) = Date::new(y as i32, m, d) {
                            return Some(date);
                        }
                    }
                }
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iso(v: &str) -> Option<String> {
        parse_structured(v, None).map(|m| m.to_iso())
    }

    fn text(v: &str, lang: Option<&str>) -> Option<String> {
        parse_text(v, lang).map(|date| Moment { date, time: None }.to_iso())
    }

    #[test]
    fn iso_variants() {
        assert_eq!(iso("2019-10-08").as_deref(), Some("2019-10-08"));
        assert_eq!(
            iso("2019-10-08T14:30:00+02:00").as_deref(),
            Some("2019-10-08T14:30:00+02:00")
        );
        assert_eq!(
            iso("2019-10-08T14:30:00.123Z").as_deref(),
            Some("2019-10-08T14:30:00+00:00")
        );
        assert_eq!(
            iso("2019-10-08 14:30:00 -0500").as_deref(),
            Some("2019-10-08T14:30:00-05:00")
        );
        // A time without a zone keeps only the date.
        assert_eq!(iso("2019-10-08T14:30:00").as_deref(), Some("2019-10-08"));
        assert_eq!(iso("20191008").as_deref(), Some("2019-10-08"));
        assert_eq!(iso("2019-02-30"), None);
        assert_eq!(iso("2019-10"), None);
    }

    #[test]
    fn rfc2822_and_unix() {
        assert_eq!(
            iso("Tue, 08 Oct 2019 14:30:00 GMT").as_deref(),
            Some("2019-10-08T14:30:00+00:00")
        );
        assert_eq!(
            iso("8 Oct 2019 09:05 +0200").as_deref(),
            Some("2019-10-08T09:05:00+02:00")
        );
        assert_eq!(
            iso("1570545000").as_deref(),
            Some("2019-10-08T14:30:00+00:00")
        );
    }

    #[test]
    fn text_in_several_languages() {
        assert_eq!(
            text("24. Oktober 2019", None).as_deref(),
            Some("2019-10-24")
        );
        assert_eq!(
            text("le 8 octobre 2019 à 14h", None).as_deref(),
            Some("2019-10-08")
        );
        assert_eq!(
            text("3 de mayo de 2020", None).as_deref(),
            Some("2020-05-03")
        );
        assert_eq!(
            text("Updated October 8, 2019 at 2pm", None).as_deref(),
            Some("2019-10-08")
        );
        assert_eq!(text("Oct. 8th, 2019", None).as_deref(), Some("2019-10-08"));
        assert_eq!(
            text("2019年10月8日 14:00", None).as_deref(),
            Some("2019-10-08")
        );
        assert_eq!(text("2019년 10월 8일", None).as_deref(), Some("2019-10-08"));
        assert_eq!(text("8 октября 2019", None).as_deref(), Some("2019-10-08"));
        assert_eq!(
            text("Stand: 24.10.2019, 17:03 Uhr", None).as_deref(),
            Some("2019-10-24")
        );
        assert_eq!(text("8 ottobre 2019", None).as_deref(), Some("2019-10-08"));
        assert_eq!(
            text("Di 8 oktober 2019", None).as_deref(),
            Some("2019-10-08")
        );
        assert_eq!(text("no date here, 42 items", None), None);
    }

    #[test]
    fn ambiguous_slashes_follow_the_language() {
        assert_eq!(
            text("08/10/2019", Some("en-US")).as_deref(),
            Some("2019-08-10")
        );
        assert_eq!(
            text("08/10/2019", Some("fr")).as_deref(),
            Some("2019-10-08")
        );
        assert_eq!(text("08/10/2019", None), None);
        assert_eq!(text("28/10/2019", None).as_deref(), Some("2019-10-28"));
    }

    #[test]
    fn url_dates() {
        let d = |u: &str| parse_url_date(u).map(|date| Moment { date, time: None }.to_iso());
        assert_eq!(
            d("https://x.org/2019/10/08/slug").as_deref(),
            Some("2019-10-08")
        );
        assert_eq!(
            d("https://x.org/news/2019-10-08-slug.html").as_deref(),
            Some("2019-10-08")
        );
        assert_eq!(
            d("https://x.org/a/20191008/slug").as_deref(),
            Some("2019-10-08")
        );
        assert_eq!(d("https://x.org/2019/10/slug"), None);
        assert_eq!(d("https://x.org/item/12345678"), None);
    }

    #[test]
    fn plausibility_window() {
        assert_eq!(
            Date::parse_iso("2024-02-29T23:59:59Z"),
            Date::new(2024, 2, 29)
        );
        assert_eq!(Date::parse_iso(" 2019-10-08 "), Date::new(2019, 10, 8));
        assert_eq!(Date::parse_iso("yesterday"), None);
        assert_eq!(Date::new(2019, 1, 8).unwrap().to_string(), "2019-01-08");
        let today = Date::new(2020, 1, 1).unwrap();
        assert!(Date::new(2019, 10, 8).unwrap().is_plausible(today));
        assert!(Date::new(2020, 1, 2).unwrap().is_plausible(today));
        assert!(!Date::new(2020, 1, 3).unwrap().is_plausible(today));
        assert!(!Date::new(1994, 12, 31).unwrap().is_plausible(today));
    }

    #[test]
    fn civil_round_trip() {
        for days in [-1, 0, 18_177, 20_000, 50_000] {
            assert_eq!(days_from_civil(civil_from_days(days)), days);
        }
    }
}
