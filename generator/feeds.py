"""The Atom feed of the timeline (RFC 4287) in each language: feed.xml at the language's root.

Ids are tag URIs that depend on the event ids only, so they never change when the site is rebuilt or moved;
times come from the data (no clock).
"""

from __future__ import annotations

from generator import formatting, site
from generator.models import Dataset, PartialDate
from generator.site import download_path, page_url

# The tag URI authority of the feed and entry ids (RFC 4151): the portal's domain and a fixed year, so ids
# never change when the site is rebuilt or moved.
TAG_AUTHORITY = "heza.gov.vn,2026"


def date_time(date: PartialDate) -> str:
    """RFC 3339 time of a date at any precision: its first day, at midnight UTC."""
    month = date.month or ((date.quarter - 1) * 3 + 1 if date.quarter else 1)
    return f"{date.year:04d}-{month:02d}-{date.day or 1:02d}T00:00:00Z"


def _known_days(data: Dataset, event) -> list[str]:
    """The days on which an entry's information is known to have been given: its sources' publication days
    and, for an event that happened, its own day. A date known only to its month or year is left out (its
    first day would be a day no source gives: a congress "in June 2025" is not news of 1 June), and so is the
    day a page was viewed (when the editors read it, not when the information was given)."""
    dates = [data.source(s).published for s in event.sources]
    if event.status == "occurred":
        dates.append(event.date)
    return [date_time(d) for d in dates if d is not None and d.precision == "day"]


def entry_updated(data: Dataset, event) -> str:
    """When an entry's information was last given (RFC 3339): the latest of its known days, or the day the data
    were compiled when no day is known."""
    return max(_known_days(data, event), default=date_time(PartialDate.from_date(site.data_date(data))))


def entry_published(data: Dataset, event) -> str:
    """When the entry's information was first given (RFC 3339): the earliest of its known days, or the day the
    data were compiled when no day is known; never later than entry_updated."""
    return min(_known_days(data, event), default=date_time(PartialDate.from_date(site.data_date(data))))


def feed_id(lang: str, kind: str = "feed") -> str:
    return f"tag:{TAG_AUTHORITY}:{lang}/timeline" + ("" if kind == "feed" else "/investment")


def entry_id(lang: str, event_id: str) -> str:
    return f"tag:{TAG_AUTHORITY}:{lang}/event/{event_id}"


def atom_feed(data: Dataset, lang: str, env, kind: str = "feed") -> bytes:
    """The timeline as an Atom feed (RFC 4287), newest event first; ids depend on event ids only.
    kind "feed-investment": only the events with an investment or zone tag (tags.yaml: investment_news)."""
    chosen = data.events
    if kind == "feed-investment":
        tags = {tag.id for tag in data.tags if tag.investment_news}
        chosen = [e for e in data.events if tags.intersection(e.tags)]
    # Newest first; events of the same date in id order (a stable sort keeps the first pass's order).
    events = sorted(sorted(chosen, key=lambda e: e.id), key=lambda e: e.date.sort_key(), reverse=True)
    entries = []
    for e in events:
        entries.append(
            {
                "event": e,
                "id": entry_id(lang, e.id),
                "updated": entry_updated(data, e),
                "published": entry_published(data, e),
                "url": page_url(lang, f"timeline/#event-{e.id}"),
                "date_text": formatting.format_date(e.date, lang, e.date_qualifier),
                "sources": [data.source(s) for s in e.sources],
            }
        )
    updated = date_time(PartialDate.from_date(site.data_date(data)))
    if entries:
        updated = max([updated] + [str(entry["updated"]) for entry in entries])
    text = env.get_template("feed.xml.j2").render(
        data=data,
        lang=lang,
        h=formatting.LocalizedFormat(lang),  # the title's years, as the timeline page writes them
        feed_id=feed_id(lang, kind),
        investment_only=kind == "feed-investment",
        updated=updated,
        self_url=page_url(lang, download_path(kind, lang)),
        timeline_url=page_url(lang, "timeline/"),
        entries=entries,
        zone_url=lambda zone_id: page_url(lang, f"zones/{zone_id}/"),
    )
    return text.encode("utf-8")
