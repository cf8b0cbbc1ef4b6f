# --- OpenSearch: the search service's index (Elasticsearch-compatible API), off until that
# service lands (var.search_enabled) ---

resource "random_password" "opensearch" {
  count            = var.search_enabled ? 1 : 0
  length           = 40
  special          = true
  override_special = "!#%*-_=+"
  min_special      = 1
  min_upper        = 1
  min_lower        = 1
  min_numeric      = 1
}

resource "aws_cloudwatch_log_group" "opensearch" {
  count             = var.search_enabled ? 1 : 0
  name              = "/aws/opensearch/${local.name}"
  retention_in_days = 365
  kms_key_id        = aws_kms_key.main.arn
}

resource "aws_cloudwatch_log_resource_policy" "opensearch" {
  count       = var.search_enabled ? 1 : 0
  policy_name = "${local.name}-opensearch"
  policy_document = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "es.amazonaws.com" }
      Action    = ["logs:PutLogEvents", "logs:CreateLogStream"]
      Resource  = "${aws_cloudwatch_log_group.opensearch[0].arn}:*"
    }]
  })
}

resource "aws_opensearch_domain" "search" {
  count          = var.search_enabled ? 1 : 0
  domain_name    = "${local.name}-search"
  engine_version = "OpenSearch_2.19"

  cluster_config {
    instance_type          = var.opensearch_instance_type
    instance_count         = 3
    zone_awareness_enabled = true
    zone_awareness_config {
      availability_zone_count = 3
    }
    dedicated_master_enabled = true
    dedicated_master_type    = "m7g.large.search"
    dedicated_master_count   = 3
  }

  ebs_options {
    ebs_enabled = true
    volume_type = "gp3"
    volume_size = 100
  }

  vpc_options {
    subnet_ids         = aws_subnet.private[*].id
    security_group_ids = [aws_security_group.stores.id]
  }

  encrypt_at_rest {
    enabled    = true
    kms_key_id = aws_kms_key.main.arn
  }

  node_to_node_encryption {
    enabled = true
  }

  domain_endpoint_options {
    enforce_https       = true
    tls_security_policy = "Policy-Min-TLS-1-2-PFS-2023-10"
  }

  log_publishing_options {
    cloudwatch_log_group_arn = aws_cloudwatch_log_group.opensearch[0].arn
    log_type                 = "AUDIT_LOGS"
    enabled                  = true
  }

  log_publishing_options {
    cloudwatch_log_group_arn = aws_cloudwatch_log_group.opensearch[0].arn
    log_type                 = "ES_APPLICATION_LOGS"
    enabled                  = true
  }

  advanced_security_options {
    enabled                        = true
    anonymous_auth_enabled         = false
    internal_user_database_enabled = true
    master_user_options {
      master_user_name     = "taskstream"
      master_user_password = random_password.opensearch[0].result
    }
  }

  depends_on = [aws_cloudwatch_log_resource_policy.opensearch]
}

# Basic-auth requests are unsigned: the domain policy lets them through to fine-grained
# access control, which checks the internal user. The domain is reachable from the VPC only.
resource "aws_opensearch_domain_policy" "search" {
  count       = var.search_enabled ? 1 : 0
  domain_name = aws_opensearch_domain.search[0].domain_name
  access_policies = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "*" }
      Action    = "es:ESHttp*"
      Resource  = "${aws_opensearch_domain.search[0].arn}/*"
    }]
  })
}
