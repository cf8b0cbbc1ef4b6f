variable "region" {
  description = "AWS region of the environment."
  type        = string
  default     = "eu-west-1"
}

variable "environment" {
  description = "Environment name, part of every resource name (e.g. staging, production)."
  type        = string

  validation {
    # OpenSearch domain names stop at 28 characters: "taskstream-<env>-search".
    condition     = can(regex("^[a-z][a-z0-9-]{1,9}$", var.environment))
    error_message = "environment must be 2 to 10 lowercase letters, digits or dashes, starting with a letter."
  }
}

variable "vpc_cidr" {
  description = "CIDR of the VPC; split into three public and three private subnets."
  type        = string
  default     = "10.40.0.0/16"
}

variable "single_nat_gateway" {
  description = "One NAT gateway for all zones (cheaper, one zone's outage cuts egress) instead of one per zone."
  type        = bool
  default     = false
}

variable "kubernetes_version" {
  description = "EKS control-plane version; the chart needs 1.30 or later (native preStop sleep)."
  type        = string
  default     = "1.35"
}

variable "eks_public_access_cidrs" {
  description = "Networks allowed to reach the EKS API publicly; empty keeps the endpoint private."
  type        = list(string)
  default     = []
}

variable "node_instance_types" {
  description = "Instance types of the general node group (NLP inference wants 2+ vCPU per pod)."
  type        = list(string)
  default     = ["m7i.xlarge"]
}

variable "node_count" {
  description = "Desired, minimum and maximum nodes of the general node group."
  type = object({
    desired = number
    min     = number
    max     = number
  })
  default = { desired = 3, min = 3, max = 12 }

  validation {
    condition     = var.node_count.min <= var.node_count.desired && var.node_count.desired <= var.node_count.max
    error_message = "node_count must satisfy min <= desired <= max."
  }
}

variable "postgres_instance_class" {
  description = "RDS instance class of PostgreSQL (every service keeps its own schema in it)."
  type        = string
  default     = "db.m7g.large"
}

variable "postgres_allocated_storage_gb" {
  description = "Initial PostgreSQL storage; autoscaling may grow it up to four times."
  type        = number
  default     = 100
}

variable "redis_node_type" {
  description = "ElastiCache node type (revocations, role cache, rate limits, change announcements)."
  type        = string
  default     = "cache.m7g.large"
}

variable "opensearch_instance_type" {
  description = "OpenSearch data node type (full-text search over tasks and messages)."
  type        = string
  default     = "r7g.large.search"
}

variable "docdb_instance_class" {
  description = "DocumentDB instance class (documents: message bodies, transcripts)."
  type        = string
  default     = "db.r6g.large"
}

variable "search_enabled" {
  description = "Provision OpenSearch, for the search service (its contracts exist; its implementation has not landed)."
  type        = bool
  default     = false
}

variable "documents_enabled" {
  description = "Provision DocumentDB, for the document store of the collab and integrations services (not implemented yet)."
  type        = bool
  default     = false
}

variable "deletion_protection" {
  description = "Refuse to delete the stateful stores (turn off only to tear down a test environment)."
  type        = bool
  default     = true
}
