# The managed stores behind the production adapters (postgres.tf, redis.tf, search.tf,
# documents.tf). Each admits only the EKS cluster security group, on its own port, and
# encrypts at rest with the environment key and in transit.
resource "aws_security_group" "stores" {
  name        = "${local.name}-stores"
  description = "TaskStream stores: reachable from the EKS cluster only"
  vpc_id      = aws_vpc.main.id
}

resource "aws_vpc_security_group_ingress_rule" "stores" {
  for_each = {
    postgres   = 5432
    redis      = 6379
    opensearch = 443
    documentdb = 27017
  }
  security_group_id            = aws_security_group.stores.id
  referenced_security_group_id = aws_eks_cluster.main.vpc_config[0].cluster_security_group_id
  ip_protocol                  = "tcp"
  from_port                    = each.value
  to_port                      = each.value
  description                  = "${each.key} from the EKS cluster"
}
