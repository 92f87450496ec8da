"""Conversations per day, top intents, handoff and fallback rates."""
from __future__ import annotations

from sanic import Blueprint
from sanic.request import Request

from console.conversations import dashboard
from console.views.conversations import refresh_index
from console.web import render

bp = Blueprint("dashboard")
CHART_HEIGHT = 120


@bp.get("/dashboard")
async def view_dashboard(request: Request):
    await refresh_index(request)
    stats = dashboard(request.app.ctx.engine, request.app.ctx.tz)
    peak = max([count for _, count in stats.days] + [1])
    top_peak = max([count for _, count in stats.top_intents] + [1])
    # Bars are drawn as SVG on the server: no charting script, nothing inline to allow in the CSP.
    bars = [
        {"day": day, "count": count, "height": round(CHART_HEIGHT * count / peak, 1)}
        for day, count in stats.days
    ]
    return render(
        request, "dashboard.html", stats=stats, bars=bars, chart_height=CHART_HEIGHT,
        intent_bars=[(intent, count, round(100 * count / top_peak, 1)) for intent, count in stats.top_intents],
    )
