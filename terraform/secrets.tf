# The connection URLs the chart's pods read, one Secrets Manager secret each, as
# {"url": "..."}. External Secrets (or the CSI driver) syncs them into the Kubernetes Secrets
# named by the chart's `database.existingSecret` and `redis.existingSecret`. RDS and
# DocumentDB certificates chain to Amazon's RDS CA, which the image carries (Dockerfile).
resource "aws_secretsmanager_secret" "database" {
  name        = "taskstream/${var.environment}/database"
  description = "PostgreSQL URL for TASKSTREAM_DATABASE_URL"
  kms_key_id  = aws_kms_key.main.arn
}

resource "aws_secretsmanager_secret_version" "database" {
  secret_id = aws_secretsmanager_secret.database.id
  secret_string = jsonencode({
    url = "postgres://${aws_db_instance.postgres.username}:${random_password.postgres.result}@${aws_db_instance.postgres.address}:${aws_db_instance.postgres.port}/${aws_db_instance.postgres.db_name}?sslmode=verify-full&sslrootcert=/etc/ssl/certs/rds-global-bundle.pem"
  })
}

resource "aws_secretsmanager_secret" "redis" {
  name        = "taskstream/${var.environment}/redis"
  description = "Redis URL (TLS) for TASKSTREAM_REDIS_URL"
  kms_key_id  = aws_kms_key.main.arn
}

resource "aws_secretsmanager_secret_version" "redis" {
  secret_id = aws_secretsmanager_secret.redis.id
  secret_string = jsonencode({
    url = "rediss://:${random_password.redis.result}@${aws_elasticache_replication_group.redis.primary_endpoint_address}:6379"
  })
}

resource "aws_secretsmanager_secret" "search" {
  count       = var.search_enabled ? 1 : 0
  name        = "taskstream/${var.environment}/search"
  description = "OpenSearch endpoint and credentials for the search service"
  kms_key_id  = aws_kms_key.main.arn
}

resource "aws_secretsmanager_secret_version" "search" {
  count     = var.search_enabled ? 1 : 0
  secret_id = aws_secretsmanager_secret.search[0].id
  secret_string = jsonencode({
    url      = "https://${aws_opensearch_domain.search[0].endpoint}"
    username = "taskstream"
    password = random_password.opensearch[0].result
  })
}

resource "aws_secretsmanager_secret" "documents" {
  count       = var.documents_enabled ? 1 : 0
  name        = "taskstream/${var.environment}/documents"
  description = "DocumentDB URL (MongoDB API, TLS) for the document store"
  kms_key_id  = aws_kms_key.main.arn
}

resource "aws_secretsmanager_secret_version" "documents" {
  count     = var.documents_enabled ? 1 : 0
  secret_id = aws_secretsmanager_secret.documents[0].id
  secret_string = jsonencode({
    url = "mongodb://taskstream:${random_password.docdb[0].result}@${aws_docdb_cluster.documents[0].endpoint}:27017/?tls=true&tlsCAFile=/etc/ssl/certs/rds-global-bundle.pem&replicaSet=rs0&retryWrites=false"
  })
}
