output "cluster_name" {
  description = "EKS cluster to install helm/taskstream into (`aws eks update-kubeconfig --name ...`)."
  value       = aws_eks_cluster.main.name
}

output "image_repository" {
  description = "ECR repository for the image: the chart's `image.repository`."
  value       = aws_ecr_repository.taskstream.repository_url
}

output "connection_secrets" {
  description = "Secrets Manager names holding {\"url\": ...} for each store; sync database and redis into the chart's existing Secrets."
  value = {
    database  = aws_secretsmanager_secret.database.name
    redis     = aws_secretsmanager_secret.redis.name
    search    = one(aws_secretsmanager_secret.search[*].name)
    documents = one(aws_secretsmanager_secret.documents[*].name)
  }
}

output "postgres_endpoint" {
  description = "RDS PostgreSQL endpoint (private)."
  value       = aws_db_instance.postgres.address
}

output "redis_endpoint" {
  description = "ElastiCache primary endpoint (private, TLS)."
  value       = aws_elasticache_replication_group.redis.primary_endpoint_address
}
