{{/* Release-scoped name, at most 63 characters (DNS label). */}}
{{- define "taskstream.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* Labels every object carries. */}}
{{- define "taskstream.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{/* Selector of one role's pods; call with (dict "root" $ "role" "tasks"). */}}
{{- define "taskstream.selectorLabels" -}}
app.kubernetes.io/name: {{ .root.Chart.Name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .role }}
{{- end -}}

{{/* Name of one role's objects; call with (dict "root" $ "role" "tasks"). */}}
{{- define "taskstream.roleName" -}}
{{- printf "%s-%s" (include "taskstream.fullname" .root | trunc 55 | trimSuffix "-") .role -}}
{{- end -}}

{{- define "taskstream.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "taskstream.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* The image by digest when one is given (what was scanned is what runs), else by tag. */}}
{{- define "taskstream.image" -}}
{{- if .Values.image.digest -}}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest -}}
{{- else -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}
{{- end -}}

{{/* Roles with a gRPC service (every role but the gateway), in start order. */}}
{{- define "taskstream.grpcRoles" -}}
{{- list "auth" "tasks" "nlp" | toJson -}}
{{- end -}}

{{/* The gRPC service each role serves: its readiness probe asks the health protocol for it. */}}
{{- define "taskstream.grpcServices" -}}
{{- dict "auth" "taskstream.auth.v1.AuthService" "tasks" "taskstream.tasks.v1.TaskService" "nlp" "taskstream.nlp.v1.NlpService" | toJson -}}
{{- end -}}

{{/*
The configuration file: the operator's `config` values plus what the chart decides (listen
addresses, where every gRPC role is reached, the NLP worker pool). A process ignores the
`[remote]` entry of a role it hosts.
*/}}
{{- define "taskstream.configToml" -}}
{{- $remote := dict -}}
{{- range $role := include "taskstream.grpcRoles" . | fromJsonArray -}}
{{- if (index $.Values.roles $role).enabled -}}
{{- $_ := set $remote $role (printf "http://%s:%d" (include "taskstream.roleName" (dict "root" $ "role" $role)) (int $.Values.ports.grpc)) -}}
{{- end -}}
{{- end -}}
{{- $nlp := dict "inference_workers" (int .Values.roles.nlp.inferenceWorkers) "threads_per_worker" (int .Values.roles.nlp.threadsPerWorker) "models_dir" "/opt/taskstream/models" -}}
{{- $chart := dict "grpc_addr" (printf "0.0.0.0:%d" (int .Values.ports.grpc)) "http_addr" (printf "0.0.0.0:%d" (int .Values.ports.http)) "remote" $remote "nlp" $nlp -}}
{{- $config := mergeOverwrite (deepCopy .Values.config) $chart -}}
{{- include "taskstream.wholeNumbers" $config -}}
{{- toToml $config -}}
{{- end -}}

{{/*
Values files give every number as a float, and TOML would write 600 as `600.0`, which the
binary's integer keys refuse: turn whole numbers back into integers, in place.
*/}}
{{- define "taskstream.wholeNumbers" -}}
{{- range $key, $value := . -}}
{{- if kindIs "map" $value -}}
{{- include "taskstream.wholeNumbers" $value -}}
{{- else if and (kindIs "float64" $value) (eq $value (floor $value)) -}}
{{- $_ := set $ $key (int64 $value) -}}
{{- end -}}
{{- end -}}
{{- end -}}
