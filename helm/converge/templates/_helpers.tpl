{{/*
Chart name, truncated to 63 characters (DNS label limit).
*/}}
{{- define "converge.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Fully qualified app name: fullnameOverride, else release name (+ chart name unless the release name contains it).
*/}}
{{- define "converge.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Chart name and version for the helm.sh/chart label.
*/}}
{{- define "converge.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Common labels.
*/}}
{{- define "converge.labels" -}}
helm.sh/chart: {{ include "converge.chart" . }}
{{ include "converge.selectorLabels" . }}
app.kubernetes.io/version: {{ .Values.image.tag | default .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/*
Selector labels.
*/}}
{{- define "converge.selectorLabels" -}}
app.kubernetes.io/name: {{ include "converge.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
Name of the ServiceAccount to use.
*/}}
{{- define "converge.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "converge.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
Container image reference: repository@digest when a digest is set, else repository:tag (tag defaults to appVersion).
*/}}
{{- define "converge.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) }}
{{- end }}
{{- end }}

{{/*
The git source's secret files as YAML list: each Secret given in values, its volume, mount directory, file
name and the CONVERGE_GIT_* variable naming the file. Empty without git.url.
*/}}
{{- define "converge.gitFiles" -}}
{{- $files := list }}
{{- if .Values.git.url }}
{{- $git := .Values.git }}
{{- range $f := list
      (dict "volume" "git-token" "secret" $git.tokenSecret "env" "CONVERGE_GIT_TOKEN_FILE" "file" "token")
      (dict "volume" "git-ssh-key" "secret" $git.sshKeySecret "env" "CONVERGE_GIT_SSH_KEY_FILE" "file" "ssh-key")
      (dict "volume" "git-known-hosts" "secret" $git.knownHostsSecret "env" "CONVERGE_GIT_KNOWN_HOSTS_FILE" "file" "known_hosts")
      (dict "volume" "git-webhook-secret" "secret" $git.webhookSecret "env" "CONVERGE_GIT_WEBHOOK_SECRET_FILE" "file" "webhook-secret") }}
{{- if $f.secret.name }}
{{- $files = append $files (merge (dict "dir" (printf "/etc/converge/%s" $f.volume)) $f) }}
{{- end }}
{{- end }}
{{- end }}
{{- toYaml (dict "files" $files) }}
{{- end }}

{{/*
Label matchers of Converge's own process_start_time_seconds series.
*/}}
{{- define "converge.processSelector" -}}
{{- .Values.prometheusRule.processSelector | default (printf "job=%q" .Release.Name) }}
{{- end }}

{{/*
Drops the per-environment series of pods that do not own the environment now (converge_environment_owned 0):
a replica whose lease moved may still show what it last saw until it withdraws it, and a breaker opened by
its live plans is not its passes failing. Without leases there is no ownership series and nothing is dropped.
*/}}
{{- define "converge.onOwners" -}}
unless on (namespace, pod, environment) (converge_environment_owned == 0)
{{- end }}

{{/*
Name of the ConfigMap holding the spec files.
*/}}
{{- define "converge.specsConfigMapName" -}}
{{- if .Values.specs.existingConfigMap }}
{{- .Values.specs.existingConfigMap }}
{{- else }}
{{- printf "%s-specs" (include "converge.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{/*
The spec files given in values: every key of .Values.specs except the reserved existingConfigMap, as YAML
(for the checksum annotation and emptiness checks; the ConfigMap itself ranges over the values directly).
*/}}
{{- define "converge.specFiles" -}}
{{- toYaml (omit .Values.specs "existingConfigMap") }}
{{- end }}

{{/*
Mount path of the spec files.
*/}}
{{- define "converge.specsPath" -}}
/etc/converge/specs
{{- end }}

{{/*
Whole seconds of a duration of the form `<n>s` or `<n>m` (the schema's leaseDuration).
*/}}
{{- define "converge.seconds" -}}
{{- if hasSuffix "m" . }}
{{- mul (trimSuffix "m" . | int) 60 }}
{{- else }}
{{- trimSuffix "s" . | int }}
{{- end }}
{{- end }}
