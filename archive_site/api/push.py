"""Partner API 1.1: webhook registration (with a key) and the list of daily exports."""

import re
import secrets

from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response

from archive_site.api.base import PartnerViewSet, error_responses, standard_responses
from archive_site.api.errors import validation_error
from archive_site.exports import Export
from archive_site.webhooks import EVENTS, Webhook

MAX_WEBHOOKS_PER_KEY = 10
EXPORT_NAME = re.compile(r"^(articles|changes)-\d{4}-\d{2}-\d{2}\.ndjson\.gz$")


class WebhookSerializer(serializers.ModelSerializer):
    url = serializers.URLField(max_length=500, help_text="نشانی http یا https که رویدادها به آن POST می‌شوند.")
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=EVENTS), min_length=1, max_length=len(EVENTS),
        help_text="رویدادها: " + ", ".join(EVENTS),
    )
    secret = serializers.CharField(
        min_length=16, max_length=200, required=False, write_only=True,
        help_text="راز امضا (۱۶ نویسه یا بیشتر)؛ اگر نفرستید، ساخته و یک بار در پاسخ نشان داده می‌شود.",
    )
    active = serializers.BooleanField(read_only=True)
    created_at = serializers.DateTimeField(read_only=True)

    class Meta:
        model = Webhook
        fields = ["id", "url", "events", "secret", "active", "created_at"]
        read_only_fields = ["id"]

    def validate_url(self, value):
        if not value.lower().startswith(("http://", "https://")):
            raise serializers.ValidationError("فقط نشانی http یا https.")
        return value

    def validate_events(self, value):
        return sorted(set(value))


class CreatedWebhookSerializer(WebhookSerializer):
    secret = serializers.CharField(read_only=True, help_text="راز امضا؛ فقط همین یک بار نشان داده می‌شود.")


def require_key(request):
    if request.auth is None:
        raise exceptions.NotAuthenticated("برای وب‌هوک‌ها کلید API لازم است (Authorization: Api-Key <key>).")


@extend_schema_view(
    list=extend_schema(summary="وب‌هوک‌های این کلید", responses=standard_responses(WebhookSerializer(many=True))),
    retrieve=extend_schema(summary="یک وب‌هوک", responses=standard_responses(WebhookSerializer)),
    create=extend_schema(
        summary="ثبت وب‌هوک",
        request=WebhookSerializer,
        responses={201: CreatedWebhookSerializer, **error_responses(400, 401, 404, 405, 406, 414, 415, 429)},
    ),
    destroy=extend_schema(
        summary="حذف وب‌هوک",
        responses={204: OpenApiResponse(description="حذف شد."), **error_responses(400, 401, 404, 405, 406, 414, 429)},
    ),
)
class WebhookViewSet(PartnerViewSet):
    """A partner's webhooks: each change of the change feed, POSTed and signed (see docs/partner-api.md)."""

    serializer_class = WebhookSerializer
    filter_backends = []
    pagination_class = None
    http_method_names = ["get", "post", "delete", "head", "options"]

    def get_queryset(self):
        require_key(self.request)
        return Webhook.objects.filter(key=self.request.auth).order_by("-created_at", "-id")

    def list(self, request, *args, **kwargs):
        return Response(self.get_serializer(self.get_queryset(), many=True).data)

    def create(self, request, *args, **kwargs):
        require_key(request)
        serializer = WebhookSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        if Webhook.objects.filter(key=request.auth).count() >= MAX_WEBHOOKS_PER_KEY:
            raise validation_error("url", f"هر کلید حداکثر {MAX_WEBHOOKS_PER_KEY} وب‌هوک دارد.")
        secret = serializer.validated_data.pop("secret", None) or secrets.token_urlsafe(32)
        hook = Webhook.objects.create(key=request.auth, secret=secret, **serializer.validated_data)
        return Response({**WebhookSerializer(hook).data, "secret": secret}, status=status.HTTP_201_CREATED)

    def destroy(self, request, *args, **kwargs):
        self.get_object().delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


class ExportSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="نشانی بارگیری پرونده.")
    since = serializers.CharField(help_text="پس از بارگذاری پرونده، /api/v1/changes/?since=<این> را دنبال کنید.")

    class Meta:
        model = Export
        fields = ["name", "kind", "day", "items", "size", "sha256", "since", "url", "created_at"]

    def get_url(self, export) -> str:
        path = f"/api/v1/exports/{export.name}"
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class ExportListSerializer(serializers.Serializer):
    results = ExportSerializer(many=True)


class ExportViewSet(PartnerViewSet):
    """Daily gzip NDJSON dumps of the public archive and of the change log, newest first."""

    serializer_class = ExportSerializer
    filter_backends = []
    pagination_class = None

    def get_queryset(self):
        return Export.objects.all()

    def perform_content_negotiation(self, request, force=False):
        # A download is gzip whatever the Accept header says; errors stay JSON.
        return super().perform_content_negotiation(request, force=force or self.action == "download")

    @extend_schema(operation_id="v1_exports_list", summary="برون‌دادهای روزانه (NDJSON فشرده)", responses=standard_responses(ExportListSerializer))
    def catalogue(self, request, *args, **kwargs):
        # Not `list`: the answer is an object holding the list, not a paged array.
        exports = list(self.get_queryset()[:100])
        if exports:
            self.last_modified = max(e.created_at for e in exports)
        return Response({"results": self.get_serializer(exports, many=True).data})

    @extend_schema(
        operation_id="v1_exports_file",
        summary="بارگیری یک برون‌داد",
        responses={
            (200, "application/gzip"): OpenApiResponse(OpenApiTypes.BINARY, description="NDJSON فشرده با gzip."),
            **error_responses(400, 401, 404, 405, 406, 414, 429),
        },
    )
    def download(self, request, name, *args, **kwargs):
        if not EXPORT_NAME.match(name):
            raise exceptions.NotFound()
        export = Export.objects.filter(name=name).first()
        if export is None or not export.path.exists():
            raise exceptions.NotFound()
        response = FileResponse(open(export.path, "rb"), content_type="application/gzip", as_attachment=True, filename=name)
        response["Content-Length"] = str(export.size)
        response["Cache-Control"] = "public, max-age=3600"
        response["ETag"] = f'"{export.sha256[:32]}"'
        return response
