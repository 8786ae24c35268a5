//! Publication dates as front matter writes them and as pages and feeds print them.

use jiff::Timestamp;
use jiff::civil::{Date, DateTime};

/// A publication date: a calendar day, or an instant when the front matter
/// gives a time.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub struct ArticleDate {
    pub timestamp: Timestamp,
    /// The calendar day as written (before any conversion to UTC).
    pub day: Date,
    pub has_time: bool,
}

impl ArticleDate {
    pub fn parse(text: &str) -> Result<ArticleDate, String> {
        let text = text.trim();
        let bad = || {
            format!(
                "{text:?} is not a date: write YYYY-MM-DD or an RFC 3339 date-time such as 2014-12-03T10:30:00Z"
            )
        };
        if text.len() == 10 {
            let day: Date = text.parse().map_err(|_| bad())?;
            let timestamp = day
                .to_zoned_datetime(jiff::tz::TimeZone::UTC)
                .map_err(|_| bad())?
                .timestamp();
            return Ok(ArticleDate {
                timestamp,
                day,
                has_time: false,
            });
        }
        let day: Date = text
            .get(..10)
            .and_then(|d| d.parse().ok())
            .ok_or_else(bad)?;
        let timestamp = match text.parse::<Timestamp>() {
            Ok(t) => t,
            // No offset: the time is read as UTC.
            Err(_) => text
                .parse::<DateTime>()
                .map_err(|_| bad())?
                .to_zoned_datetime(jiff::tz::TimeZone::UTC)
                .map_err(|_| bad())?
                .timestamp(),
        };
        Ok(ArticleDate {
            timestamp,
            day,
            has_time: true,
        })
    }

    /// `2014-12-03`, or the instant in RFC 3339 (UTC) when a time was given.
    pub fn iso(&self) -> String {
        if self.has_time {
            self.rfc3339()
        } else {
            self.day.to_string()
        }
    }

    /// Always a full RFC 3339 instant, as feeds need.
    pub fn rfc3339(&self) -> String {
        self.timestamp.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
    }

    /// RFC 2822, as RSS needs.
    pub fn rfc2822(&self) -> String {
        self.timestamp
            .strftime("%a, %d %b %Y %H:%M:%S +0000")
            .to_string()
    }

    /// For readers: "3 December 2014".
    pub fn display(&self) -> String {
        self.day.strftime("%-d %B %Y").to_string()
    }

    pub fn year(&self) -> i16 {
        self.day.year()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_accept_days_and_rfc3339() {
        let d = ArticleDate::parse("2014-12-03").unwrap();
        assert_eq!(d.iso(), "2014-12-03");
        assert_eq!(d.display(), "3 December 2014");
        assert_eq!(d.rfc3339(), "2014-12-03T00:00:00Z");
        let t = ArticleDate::parse("2014-12-03T23:30:00-05:00").unwrap();
        assert_eq!(t.day.to_string(), "2014-12-03");
        assert_eq!(t.rfc3339(), "2014-12-04T04:30:00Z");
        assert!(ArticleDate::parse("2014-12-03T10:00:00").unwrap().has_time);
        assert!(ArticleDate::parse("2014-13-03").is_err());
        assert!(ArticleDate::parse("yesterday").is_err());
    }
}
