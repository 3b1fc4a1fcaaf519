{{/* The base name of every object: the release name, with the chart name unless it contains it. */}}
{{- define "drift-monitor.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "drift-monitor.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "drift-monitor.labels" -}}
{{ include "drift-monitor.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "drift-monitor.secretName" -}}
{{- default (printf "%s-secrets" (include "drift-monitor.fullname" .)) .Values.secrets.existingSecret -}}
{{- end -}}

{{- define "drift-monitor.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "drift-monitor.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}
