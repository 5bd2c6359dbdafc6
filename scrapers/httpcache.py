"""An HTTP cache policy that never trusts a stored page without asking the site.

Every cached page is revalidated with If-None-Match / If-Modified-Since on every crawl, so a
moved deadline is seen at once while an unchanged page costs only a 304. A server error is
never answered from the cache, and neither is a time-out or a refused connection: either must fail
the crawl, not hide behind old data.
"""

from __future__ import annotations

from scrapy import Request, Spider
from scrapy.downloadermiddlewares.httpcache import HttpCacheMiddleware
from scrapy.extensions.httpcache import RFC2616Policy
from scrapy.http import Response


class AlwaysRevalidatePolicy(RFC2616Policy):
    def is_cached_response_fresh(self, cachedresponse: Response, request: Request) -> bool:
        self._set_conditional_validators(request, cachedresponse)
        return False

    def is_cached_response_valid(self, cachedresponse: Response, response: Response, request: Request) -> bool:
        return response.status == 304


class StrictHttpCacheMiddleware(HttpCacheMiddleware):
    """Scrapy's cache answers a download error (a time-out, a refused connection) with the last
    cached copy. A page we could not fetch must fail the run like a 5xx does, not pass silently."""

    def process_exception(self, request: Request, exception: Exception, spider: Spider | None = None) -> None:
        request.meta.pop("cached_response", None)
        return None
