import * as cp from 'aws-cdk-lib/aws-codepipeline';
import * as cpa from 'aws-cdk-lib/aws-codepipeline-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as pipelines from 'aws-cdk-lib/pipelines';

/** @internal */
export interface NotifyingApprovalStepProps {
  /** The topic the approval request is published to. */
  readonly topic: sns.ITopic;
  /** The web link reviewers open: the change (commit) when the source has one, else the execution. */
  readonly link: string;
  /** What the reviewer reads in the notification and the console. */
  readonly information: string;
}

/**
 * A manual approval that, unlike CDK Pipelines' `ManualApprovalStep`, notifies an SNS topic and
 * carries a link to the change being promoted (the link may hold pipeline variables such as the
 * source's `CommitId`, which CDK Pipelines resolves to the source action's namespace).
 *
 * @internal
 */
export class NotifyingApprovalStep extends pipelines.Step implements pipelines.ICodePipelineActionFactory {
  constructor(id: string, private readonly props: NotifyingApprovalStepProps) {
    super(id);
    // Registers the source variables the link uses, so the source action gets a variables namespace.
    this.discoverReferencedOutputs({ link: props.link, information: props.information });
  }

  public produceAction(stage: cp.IStage, options: pipelines.ProduceActionOptions): pipelines.CodePipelineActionFactoryResult {
    stage.addAction(new cpa.ManualApprovalAction({
      actionName: options.actionName,
      runOrder: options.runOrder,
      notificationTopic: this.props.topic,
      externalEntityLink: this.props.link,
      additionalInformation: this.props.information,
    }));
    return { runOrdersConsumed: 1 };
  }
}
