# AWS for one TaskStream environment: a VPC over three zones, EKS for the pods (helm/taskstream),
# and the managed stores the production adapters use: RDS PostgreSQL, ElastiCache Redis,
# OpenSearch and DocumentDB. State lives in S3 (give the bucket at `terraform init
# -backend-config=...`).
terraform {
  required_version = ">= 1.11" # the S3 backend's use_lockfile

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.0"
    }
    random = {
      source  = "hashicorp/random"
      version = "~> 3.6"
    }
  }

  backend "s3" {
    key          = "taskstream/terraform.tfstate"
    encrypt      = true
    use_lockfile = true
  }
}

provider "aws" {
  region = var.region

  default_tags {
    tags = {
      project     = "taskstream"
      environment = var.environment
      managed-by  = "terraform"
    }
  }
}

data "aws_availability_zones" "available" {
  state = "available"
}

data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

locals {
  name  = "taskstream-${var.environment}"
  zones = slice(data.aws_availability_zones.available.names, 0, 3)
}
