"""Kalendář: application windows over the next 12 months, intentions' planned starts, the iCal link."""

from __future__ import annotations

from datetime import datetime, timedelta

import altair as alt
import pandas as pd
import streamlit as st

from tracker.calls.view import CallView
from tracker.intentions.store import list_intentions
from tracker.sources.registry import source_label
from tracker.storage.db import session_scope
from tracker.text.czech import date_czech
from tracker.text.display import when_text
from ui.common import calls, feed_filter, filter_widgets, now, show_feed_urls

MAX_BARS = 150

st.title("Kalendář výzev")


def windows(rows: list[CallView], start: datetime, end: datetime) -> pd.DataFrame:
    """One bar per call whose application window overlaps [start, end)."""
    records = []
    for r in rows:
        if r.state not in ("open", "planned") or (r.opens is None and r.closes is None):
            continue
        opens = r.opens.when if r.opens else start
        closes = r.closes.end if r.closes else end
        if closes <= start or opens >= end:
            continue
        records.append({
            "Výzva": f"{source_label(r.source)} {r.external_id}: {r.title[:60]}",
            "Program": r.programme or source_label(r.source),
            "Od": max(opens, start).replace(tzinfo=None), "Do": min(closes, end).replace(tzinfo=None),
            "Zahájení": when_text(r.opens), "Uzávěrka": when_text(r.closes),
        })
    frame = pd.DataFrame(records, columns=["Výzva", "Program", "Od", "Do", "Zahájení", "Uzávěrka"])
    return frame.sort_values("Od").head(MAX_BARS)


flt = filter_widgets(with_states=False, with_text=False)
moment = now()
horizon = moment + timedelta(days=365)
frame = windows([call for call in calls() if flt.matches(call)], moment, horizon)
with session_scope() as session:
    starts = pd.DataFrame(
        [{"Záměr": i.title, "Zahájení záměru": datetime.combine(i.start_date, datetime.min.time())}
         for i in list_intentions(session) if moment.date() <= i.start_date <= horizon.date()],
        columns=["Záměr", "Zahájení záměru"],
    )

if frame.empty:
    st.info("V příštích 12 měsících není pro tyto filtry žádná otevřená ani plánovaná výzva.")
else:
    st.caption(f"Období příjmu žádostí od {date_czech(moment)} na 12 měsíců; zobrazeno výzev: {len(frame)}. "
               "Červená čára je dnešek, přerušované čáry jsou plánovaná zahájení záměrů.")
    bars = alt.Chart(frame).mark_bar(cornerRadius=3).encode(
        x=alt.X("Od:T", title=None, axis=alt.Axis(format="%-m/%Y", orient="top")), x2="Do:T",
        y=alt.Y("Výzva:N", sort=None, title=None, axis=alt.Axis(labelLimit=360)),
        color=alt.Color("Program:N", title="Program", legend=alt.Legend(orient="top", direction="horizontal")),
        tooltip=["Výzva", "Program", "Zahájení", "Uzávěrka"],
    )
    today = pd.DataFrame([{"Den": moment.replace(tzinfo=None), "Popisek": f"dnes {moment:%-d. %-m.}"}])
    layers = [
        bars,
        alt.Chart(today).mark_rule(color="#d62728", strokeWidth=2).encode(x="Den:T"),
        alt.Chart(today).mark_text(color="#d62728", align="left", baseline="bottom", dx=4, y=0, fontWeight="bold")
        .encode(x="Den:T", text="Popisek:N"),
    ]
    if not starts.empty:
        starts["Popisek"] = [f"{title[:28]}{'…' if len(title) > 28 else ''} ({day:%-d. %-m.})"
                             for title, day in zip(starts["Záměr"], starts["Zahájení záměru"])]
        tooltip = ["Záměr", alt.Tooltip("Zahájení záměru:T", format="%-d. %-m. %Y")]
        layers += [
            alt.Chart(starts).mark_rule(strokeDash=[4, 3], color="black").encode(x="Zahájení záměru:T",
                                                                                 tooltip=tooltip),
            # Each start line is named below the chart, down from where the line ends (off the bars).
            alt.Chart(starts).mark_text(angle=90, align="left", baseline="middle", dx=6, y=alt.expr("height"),
                                        fontSize=11).encode(x="Zahájení záměru:T", text="Popisek:N", tooltip=tooltip),
        ]
    chart = alt.layer(*layers)
    # The height holds the bars, the legend and axis above them and the start labels below.
    labels = 180 if not starts.empty else 0
    st.altair_chart(chart.properties(height=max(260, 28 * len(frame)) + 90 + labels), width="stretch")
show_feed_urls(feed_filter(flt))
