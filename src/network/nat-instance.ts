import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { acknowledge } from '../core/acknowledge';
import { AwsSolutionsRule, nistHipaaPci } from '../core/rule-ids';

/**
 * The first-boot script of a NAT instance on Amazon Linux 2023 (VPC User Guide, "NAT instances",
 * section "Create a NAT AMI": IP forwarding, iptables masquerading on the primary interface).
 *
 * It differs from aws-cdk-lib's `NatInstanceProviderV2.DEFAULT_USER_DATA_COMMANDS` in two ways:
 * the package install retries, because a `dnf` cache clean-up that cloud-init runs at the same
 * time can fail it (aws/aws-cdk#36717, open for aws-cdk-lib 2.257); and a temporary swap file
 * gives `dnf` room on a 512 MiB instance (t4g.nano), where it can be killed for lack of memory
 * (amazonlinux/amazon-linux-2023#404). The instance reaches the package repositories through its
 * own Elastic IP, which may be associated a few seconds after boot: the retries cover that too.
 *
 * @internal
 */
export const NAT_INSTANCE_USER_DATA: string[] = [
  'echo "net.ipv4.ip_forward=1" > /etc/sysctl.d/90-paved-road-nat.conf',
  'sysctl -p /etc/sysctl.d/90-paved-road-nat.conf',
  'if [ ! -f /swapfile ]; then dd if=/dev/zero of=/swapfile bs=1M count=1024 && chmod 600 /swapfile && mkswap /swapfile; fi',
  'swapon /swapfile || true',
  'for attempt in $(seq 1 60); do dnf install -y iptables-services && break; echo "dnf install failed (attempt $attempt), retrying in 10 s"; sleep 10; done',
  'swapoff /swapfile && rm -f /swapfile',
  'systemctl enable --now iptables',
  'iptables -t nat -A POSTROUTING -o "$(ip route show default | awk \'{print $5; exit}\')" -j MASQUERADE',
  'iptables -F FORWARD',
  'service iptables save',
];

/** What a NAT instance needs from the network it serves. @internal */
export interface NatInstanceOptions {
  /** The CIDR blocks of the workload subnets, the only clients it forwards for. */
  readonly workloadCidrs: string[];
  /** The network's path, for acknowledgment reasons. */
  readonly networkPath: string;
}

/**
 * The NAT provider a new VPC uses for `NatType.INSTANCE`: aws-cdk-lib's `NatProvider.instanceV2` on
 * Amazon Linux 2023, outbound traffic only until `hardenNatInstances` admits the workload subnets.
 *
 * @internal
 */
export function natInstanceProvider(instanceType: ec2.InstanceType): ec2.NatInstanceProviderV2 {
  return ec2.NatProvider.instanceV2({
    instanceType,
    // no inbound rule from anywhere: the workload subnets are admitted by CIDR below
    defaultAllowedTraffic: ec2.NatTrafficDirection.OUTBOUND_ONLY,
    // no public IP at launch (CT.EC2.PR.8): its public address is the Elastic IP hardenNatInstances gives it
    associatePublicIpAddress: false,
    userData: natUserData(),
  });
}

function natUserData(): ec2.UserData {
  const userData = ec2.UserData.forLinux();
  userData.addCommands(...NAT_INSTANCE_USER_DATA);
  return userData;
}

/**
 * Makes the NAT instances of `provider` what the compliance packs ask of an instance, and gives each
 * a stable address:
 *
 * - IMDSv2 only (a launch template with `HttpTokens: required`), detailed monitoring, EBS-optimized,
 *   an encrypted gp3 root volume deleted with the instance;
 * - an Elastic IP as its only public address (none assigned at launch), so the network's egress address
 *   survives the replacement of the instance (a new Amazon Linux image) as a NAT gateway's does;
 * - inbound TCP, UDP and ICMP from the workload subnets only (by their literal CIDRs, which cdk-nag can read).
 *
 * @internal
 */
export function hardenNatInstances(provider: ec2.NatInstanceProviderV2, o: NatInstanceOptions): ec2.Instance[] {
  const instances = provider.gatewayInstances;
  // TCP, UDP and ICMP by protocol rather than "all traffic": the packs read protocol -1 as every
  // common port open, whatever the source
  for (const cidr of [...new Set(o.workloadCidrs)]) {
    for (const [port, what] of [[ec2.Port.allTcp(), 'TCP'], [ec2.Port.allUdp(), 'UDP'], [ec2.Port.allIcmp(), 'ICMP']] as Array<[ec2.Port, string]>) {
      provider.securityGroup.addIngressRule(ec2.Peer.ipv4(cidr), port, `${what} to the internet from workload subnet ${cidr}`);
    }
  }
  for (const instance of instances) {
    const cfn = instance.instance;
    cfn.monitoring = true;
    cfn.ebsOptimized = true;
    cfn.blockDeviceMappings = [{ deviceName: '/dev/xvda', ebs: { encrypted: true, volumeType: 'gp3', deleteOnTermination: true } }];
    const metadata = new ec2.CfnLaunchTemplate(instance, 'MetadataOptions', {
      launchTemplateData: {
        metadataOptions: { httpTokens: 'required', httpEndpoint: 'enabled', httpPutResponseHopLimit: 1 },
        // as the instance itself (CT.EC2.PR.10 reads the template)
        monitoring: { enabled: true },
      },
    });
    cfn.launchTemplate = { launchTemplateId: metadata.ref, version: metadata.attrLatestVersionNumber };
    const eip = new ec2.CfnEIP(instance, 'ElasticIp', { domain: 'vpc' });
    new ec2.CfnEIPAssociation(instance, 'ElasticIpAssociation', { allocationId: eip.attrAllocationId, instanceId: instance.instanceId });
    acknowledge(instance, [{
      rules: [AwsSolutionsRule.EC29],
      reason: `NAT instance of ${o.networkPath}: it holds no state, and CloudFormation replaces it whenever a deployment resolves a newer Amazon Linux 2023 image (how it is patched); termination protection would fail the deletion of the replaced instance and of the stack.`,
    }, {
      rules: nistHipaaPci('EC2InstancesInVPC'),
      reason: `NAT instance of ${o.networkPath}: it is in the VPC, in public subnet ${instance.node.scope?.node.id}, through its network interface (NetworkInterfaces[0].SubnetId); the rule reads only the root-level SubnetId, which CloudFormation does not allow next to NetworkInterfaces, and the interface is declared so that no public IP is assigned at launch (AWS Control Tower CT.EC2.PR.8).`,
    }], true);
  }
  return instances;
}
