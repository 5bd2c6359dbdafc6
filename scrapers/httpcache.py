"""An HTTP cache policy that never trusts a stored page without asking the site.

Every cached page is revalidated with If-None-Match / If-Modified-Since on every crawl, so a
moved deadline is seen at once while an unchanged page costs only a 304. A server error is
never answered from the cache: it must fail the crawl, not hide behind old data.
"""

from __future__ import annotations

from scrapy import Request
from scrapy.extensions.httpcache import RFC2616Policy
from scrapy.http import Response


class AlwaysRevalidatePolicy(RFC2616Policy):
    def is_cached_response_fresh(self, cachedresponse: Response, request: Request) -> bool:
        self._set_conditional_validators(request, cachedresponse)
        return False

    def is_cached_response_valid(self, cachedresponse: Response, response: Response, request: Request) -> bool:
        return response.status == 304
