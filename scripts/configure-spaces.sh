#!/usr/bin/env bash
# Applies the bucket settings Reelport needs on DigitalOcean Spaces (or any S3 API), with the AWS CLI:
#   - CORS on the staging bucket, so that browsers on the given origins can PUT uploads to presigned
#     URLs (single and multipart) and read the ETag header that completing a multipart upload needs;
#   - a lifecycle rule on the staging bucket: uploads expire after some days, unfinished multipart
#     uploads after one. Masters and previews get neither: browsers never reach them directly
#     (players go through the edge), and masters are kept.
#
#   AWS_ACCESS_KEY_ID=... AWS_SECRET_ACCESS_KEY=... \
#   scripts/configure-spaces.sh --region nyc3 --staging-bucket my-reelport-staging \
#       --origins https://media.example.com,https://admin.example.com [--expire-days 7]
#
# --endpoint URL replaces https://REGION.digitaloceanspaces.com (MinIO, AWS, another region naming);
# --print shows the two documents and applies nothing. The key needs full access to the bucket.
# See docs/operations.md ("Spaces").
set -euo pipefail

usage() {
  cat >&2 <<'USAGE'
usage: configure-spaces.sh --region REGION --staging-bucket BUCKET --origins ORIGIN[,ORIGIN...]
                           [--expire-days DAYS] [--endpoint URL] [--print]
USAGE
}

fail() {
  echo "configure-spaces: $*" >&2
  exit 1
}

REGION=""
BUCKET=""
ORIGINS=""
EXPIRE_DAYS=7
ENDPOINT=""
PRINT_ONLY=false
while [[ $# -gt 0 ]]; do
  case "$1" in
    --region) REGION="${2:?--region needs a Spaces region such as nyc3}"; shift 2 ;;
    --staging-bucket) BUCKET="${2:?--staging-bucket needs a bucket name}"; shift 2 ;;
    --origins) ORIGINS="${2:?--origins needs ORIGIN[,ORIGIN...]}"; shift 2 ;;
    --expire-days) EXPIRE_DAYS="${2:?--expire-days needs a number}"; shift 2 ;;
    --endpoint) ENDPOINT="${2:?--endpoint needs a URL}"; shift 2 ;;
    --print) PRINT_ONLY=true; shift ;;
    -h | --help) usage; exit 0 ;;
    *) usage; fail "unknown option '$1'" ;;
  esac
done

[[ "$REGION" =~ ^[a-z]+[0-9]+$ || -n "$ENDPOINT" ]] || fail "--region '$REGION' is not a Spaces region (nyc3, ams3, sfo3, sgp1, fra1, syd1, blr1, lon1, tor1, atl1)"
[[ "$BUCKET" =~ ^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$ ]] || fail "--staging-bucket '$BUCKET' is not a bucket name"
[[ "$EXPIRE_DAYS" =~ ^[1-9][0-9]*$ ]] || fail "--expire-days '$EXPIRE_DAYS' is not a whole number of days"
[[ -n "$ORIGINS" ]] || fail "--origins is required: the exact origins of the web pages that upload, e.g. https://media.example.com"
ENDPOINT="${ENDPOINT:-https://$REGION.digitaloceanspaces.com}"
[[ "$ENDPOINT" =~ ^https?://[^/]+$ ]] || fail "--endpoint '$ENDPOINT' must be scheme://host[:port] without a path"

# Exact origins only: a browser sends scheme://host[:port], and a wildcard would let any site's
# scripts drive uploads with presigned URLs they obtained.
origins_json=""
IFS=',' read -r -a origin_list <<<"$ORIGINS"
for origin in "${origin_list[@]}"; do
  [[ "$origin" =~ ^https?://[A-Za-z0-9.-]+(:[0-9]+)?$ ]] || fail "origin '$origin' is not scheme://host[:port] (no path, no trailing slash, no wildcard)"
  origins_json="${origins_json:+$origins_json, }\"$origin\""
done

cors_json="$(cat <<JSON
{
  "CORSRules": [
    {
      "AllowedOrigins": [$origins_json],
      "AllowedMethods": ["PUT", "GET", "HEAD"],
      "AllowedHeaders": ["*"],
      "ExposeHeaders": ["ETag"],
      "MaxAgeSeconds": 3600
    }
  ]
}
JSON
)"

lifecycle_json="$(cat <<JSON
{
  "Rules": [
    {
      "ID": "reelport-staging-expiry",
      "Status": "Enabled",
      "Filter": {"Prefix": ""},
      "Expiration": {"Days": $EXPIRE_DAYS},
      "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 1}
    }
  ]
}
JSON
)"

if [[ "$PRINT_ONLY" == true ]]; then
  printf '{"endpoint": "%s", "bucket": "%s", "cors": %s, "lifecycle": %s}\n' "$ENDPOINT" "$BUCKET" "$cors_json" "$lifecycle_json"
  exit 0
fi

command -v aws >/dev/null 2>&1 || fail "the AWS CLI (aws) is not installed; see https://docs.aws.amazon.com/cli/ or use --print and apply the documents another way"
[[ -n "${AWS_ACCESS_KEY_ID:-}" && -n "${AWS_SECRET_ACCESS_KEY:-}" ]] || [[ -n "${AWS_PROFILE:-}" ]] \
  || fail "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY to a Spaces key with full access to $BUCKET (or AWS_PROFILE)"

work="$(mktemp -d)"
trap 'rm -rf -- "$work"' EXIT
printf '%s\n' "$cors_json" >"$work/cors.json"
printf '%s\n' "$lifecycle_json" >"$work/lifecycle.json"

# The signing region: Spaces accepts its own region name; other endpoints get us-east-1 unless set.
export AWS_DEFAULT_REGION="${AWS_DEFAULT_REGION:-${REGION:-us-east-1}}"
aws s3api put-bucket-cors --endpoint-url "$ENDPOINT" --bucket "$BUCKET" --cors-configuration "file://$work/cors.json"
echo "configure-spaces: CORS on $BUCKET allows PUT from $ORIGINS" >&2
aws s3api put-bucket-lifecycle-configuration --endpoint-url "$ENDPOINT" --bucket "$BUCKET" \
  --lifecycle-configuration "file://$work/lifecycle.json"
echo "configure-spaces: objects in $BUCKET expire after $EXPIRE_DAYS days, unfinished multipart uploads after 1" >&2
aws s3api get-bucket-cors --endpoint-url "$ENDPOINT" --bucket "$BUCKET"
