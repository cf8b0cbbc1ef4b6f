# --- DocumentDB: the document store (MongoDB API) of the collab and integrations services,
# off until they land (var.documents_enabled) ---

resource "random_password" "docdb" {
  count   = var.documents_enabled ? 1 : 0
  length  = 40
  special = false
}

resource "aws_docdb_subnet_group" "documents" {
  count      = var.documents_enabled ? 1 : 0
  name       = "${local.name}-documents"
  subnet_ids = aws_subnet.private[*].id
}

resource "aws_docdb_cluster_parameter_group" "documents" {
  count  = var.documents_enabled ? 1 : 0
  name   = "${local.name}-documents"
  family = "docdb5.0"

  parameter {
    name  = "tls"
    value = "enabled"
  }

  parameter {
    name  = "audit_logs"
    value = "enabled"
  }
}

# The groups DocumentDB would create itself, unencrypted and kept forever.
resource "aws_cloudwatch_log_group" "documents" {
  for_each          = var.documents_enabled ? toset(["audit", "profiler"]) : toset([])
  name              = "/aws/docdb/${local.name}-documents/${each.value}"
  retention_in_days = 365
  kms_key_id        = aws_kms_key.main.arn
}

resource "aws_docdb_cluster" "documents" {
  count                           = var.documents_enabled ? 1 : 0
  cluster_identifier              = "${local.name}-documents"
  engine                          = "docdb"
  engine_version                  = "5.0.0"
  master_username                 = "taskstream"
  master_password                 = random_password.docdb[0].result
  db_subnet_group_name            = aws_docdb_subnet_group.documents[0].name
  db_cluster_parameter_group_name = aws_docdb_cluster_parameter_group.documents[0].name
  vpc_security_group_ids          = [aws_security_group.stores.id]
  storage_encrypted               = true
  kms_key_id                      = aws_kms_key.main.arn
  backup_retention_period         = 14
  deletion_protection             = var.deletion_protection
  skip_final_snapshot             = false
  final_snapshot_identifier       = "${local.name}-documents-final"
  enabled_cloudwatch_logs_exports = ["audit", "profiler"]

  depends_on = [aws_cloudwatch_log_group.documents]
}

resource "aws_docdb_cluster_instance" "documents" {
  count              = var.documents_enabled ? 2 : 0
  identifier         = "${local.name}-documents-${count.index}"
  cluster_identifier = aws_docdb_cluster.documents[0].id
  instance_class     = var.docdb_instance_class
}
