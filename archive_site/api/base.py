"""What every partner API view shares: keys, limits, paging, caching, the error shape, read-only."""

from django.shortcuts import get_object_or_404
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, inline_serializer
from rest_framework import serializers, viewsets
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from archive_site.api import caching
from archive_site.api import usage
from archive_site.api.authentication import ApiKeyAuthentication
from archive_site.api.errors import exception_handler, validation_error
from archive_site.api.pagination import CURSOR_PARAM, PAGE_SIZE_PARAM, KeysetPagination
from archive_site.api.throttling import AnonRateThrottle, ApiKeyRateThrottle, add_rate_limit_headers

# ids are 64-bit; a longer run of digits is no id and answers 404 (never a database overflow).
ID_PATTERN = "[0-9]{1,18}"


class ErrorSerializer(serializers.Serializer):
    """The one error shape (documentation only)."""

    error = inline_serializer(
        "ErrorBody",
        fields={
            "status": serializers.IntegerField(),
            "code": serializers.CharField(),
            "detail": serializers.CharField(),
            "fields": serializers.DictField(
                child=serializers.ListField(child=serializers.CharField()),
                required=False,
                help_text="برای خطای 400: نام هر پارامتر نادرست و دلیل آن.",
            ),
            "retry_after": serializers.IntegerField(required=False, allow_null=True, help_text="برای 429: ثانیه‌های انتظار."),
            "tombstone": inline_serializer(
                "Tombstone",
                fields={
                    "id": serializers.IntegerField(),
                    "status": serializers.CharField(),
                    "withdrawn_at": serializers.DateTimeField(),
                    "withdrawn_at_jalali": serializers.CharField(),
                },
                required=False,
                help_text="برای 410: خبر پس‌گرفته، بی هیچ بخشی از متن آن.",
            ),
        },
    )


ERROR_DESCRIPTIONS = {
    400: "پارامتر نادرست؛ `fields` نام هر پارامتر و دلیل را می‌گوید.",
    401: "کلید API ناشناخته یا باطل‌شده (سرآیند WWW-Authenticate: Api-Key).",
    404: "چنین شیئی (یا مسیری) نیست، یا عمومی نیست.",
    405: "API فقط خواندنی است.",
    406: "فقط JSON.",
    410: "خبر پس گرفته شده است؛ `tombstone` شناسه و زمان آن را دارد.",
    414: "نشانی درخواست بیش از اندازه بلند است (پاسخ سرور وب).",
    415: "بدنهٔ درخواست باید JSON باشد.",
    429: "بیش از سقف درخواست؛ سرآیند Retry-After زمان انتظار را می‌گوید.",
}


def error_responses(*statuses):
    responses = {}
    for code in statuses:
        if code == 414:
            # Answered by the web server (gunicorn, nginx) before Django sees the
            # request, so it is that server's HTML page, not the API's JSON.
            responses[(414, "text/html")] = OpenApiResponse(OpenApiTypes.STR, description=ERROR_DESCRIPTIONS[414])
        else:
            responses[code] = OpenApiResponse(ErrorSerializer, description=ERROR_DESCRIPTIONS[code])
    return responses


def standard_responses(ok, *, gone=False):
    codes = [400, 401, 404, 405, 406] + ([410] if gone else []) + [414, 429]
    return {200: ok, 304: OpenApiResponse(description="بی‌تغییر (If-None-Match یا If-Modified-Since)."), **error_responses(*codes)}


# Headers of API 1.1, documented on every operation (none is required).
_ERROR_CODES = [400, 401, 404, 405, 406, 410, 415, 429]
DOCUMENTED_HEADERS = [
    OpenApiParameter(
        "Accept-Language", OpenApiTypes.STR, OpenApiParameter.HEADER,
        description="`en` (first choice) for errors in English; Persian otherwise.",
    ),
    OpenApiParameter(
        "Link", OpenApiTypes.STR, OpenApiParameter.HEADER, response=[200],
        description='The next page, `<https://…>; rel="next"`, when there is one (the same address as `next`).',
    ),
    OpenApiParameter(
        "Access-Control-Allow-Origin", OpenApiTypes.STR, OpenApiParameter.HEADER, response=[200, *_ERROR_CODES],
        description="`*` when the request came with an Origin (CORS: GET and HEAD from any origin).",
    ),
    OpenApiParameter(
        "Content-Encoding", OpenApiTypes.STR, OpenApiParameter.HEADER, response=[200, *_ERROR_CODES],
        description="`gzip` when the request sent `Accept-Encoding: gzip`.",
    ),
    OpenApiParameter(
        "Content-Language", OpenApiTypes.STR, OpenApiParameter.HEADER, response=_ERROR_CODES,
        description="The language of an error's texts: `fa`, or `en` on `Accept-Language: en`.",
    ),
]


class ArchiveAutoSchema(AutoSchema):
    """Fields a serializer adds only on request (show-fields) are not `required` in the schema."""

    def get_override_parameters(self):
        return [*super().get_override_parameters(), *DOCUMENTED_HEADERS]

    def _map_basic_serializer(self, serializer, direction):
        schema = super()._map_basic_serializer(serializer, direction)
        optional = set(getattr(serializer, "optional_fields", ())) | set(getattr(serializer, "companion_fields", ()))
        if optional and "required" in schema:
            schema["required"] = [name for name in schema["required"] if name not in optional]
        return schema


class PartnerViewSet(viewsets.ReadOnlyModelViewSet):
    """A read-only list and detail of one kind of public object."""

    authentication_classes = [ApiKeyAuthentication]
    permission_classes = [AllowAny]
    throttle_classes = [AnonRateThrottle, ApiKeyRateThrottle]
    renderer_classes = [JSONRenderer]
    pagination_class = KeysetPagination
    lookup_value_regex = ID_PATTERN
    schema = ArchiveAutoSchema()
    # The order of the list; subclasses give a pagination.Ordering.
    ordering = None
    # Whether Last-Modified may answer If-Modified-Since with 304 (details only; see caching).
    last_modified = None
    # Query parameters a list takes besides its filters and paging, and those a detail takes.
    list_params = ()
    detail_params = ()

    def allowed_params(self):
        """Every query parameter this request may carry; anything else is a 400 naming it."""
        names = {"format"}  # DRF's format override (?format=json)
        if getattr(self, "action", None) == "retrieve":
            return names | set(self.detail_params)
        names |= set(self.list_params)
        if self.pagination_class is not None:
            names |= {CURSOR_PARAM, PAGE_SIZE_PARAM}
        filterset = getattr(self, "filterset_class", None)
        if filterset is not None and self.filter_backends:
            names |= set(filterset.base_filters)
        return names

    def get_exception_handler(self):
        return exception_handler

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # PostgreSQL refuses NUL in text; refuse it here as a 400, not there as a 500.
        for name, value in request.query_params.lists():
            if "\x00" in name or any("\x00" in v for v in value):
                raise validation_error(name.replace("\x00", ""), "نویسهٔ NUL پذیرفته نیست.")
        # A misspelt filter (sectoin=, from_date=) must not quietly return the whole archive.
        allowed = self.allowed_params()
        for name in request.query_params:
            if name not in allowed:
                raise validation_error(
                    name[:100], "پارامتر ناشناخته. پذیرفتنی: " + ", ".join(sorted(allowed - {"format"}) or ["(هیچ)"])
                )
        if request.auth is not None:
            # Counted in memory and written in batches, off the request path (see usage).
            usage.count(request.auth)

    def get_ordering(self):
        return self.ordering

    def total_is_cheap(self):
        return True

    def last_modified_of(self, objects):
        """The newest change time among `objects` (and what they embed), or None."""
        times = [obj.updated_at for obj in objects if getattr(obj, "updated_at", None)]
        return max(times) if times else None

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        self.last_modified = self.last_modified_of(page)
        serializer = self.get_serializer(page, many=True)
        return self.get_paginated_response(serializer.data)

    def get_object(self):
        # Filters shape lists; a detail is found by its id alone.
        obj = get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
        self.check_object_permissions(self.request, obj)
        return obj

    def retrieve(self, request, *args, **kwargs):
        instance = self.get_object()
        self.last_modified = self.last_modified_of([instance])
        return Response(self.get_serializer(instance).data)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if isinstance(response, Response):
            next_url = response.data.get("next") if isinstance(response.data, dict) else None
            if next_url and response.status_code == 200:
                response["Link"] = f'<{next_url}>; rel="next"'
            response.render()
            caching.apply(
                request, response, last_modified=self.last_modified,
                honour_modified_since=getattr(self, "action", None) == "retrieve",
            )
        return add_rate_limit_headers(request, response)
