import * as codecommit from 'aws-cdk-lib/aws-codecommit';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as pipelines from 'aws-cdk-lib/pipelines';

/**
 * Where a repository reached through a CodeConnections connection is hosted: picks the web link
 * to a commit that approvals carry.
 */
export enum RepositoryHost {
  /** github.com */
  GITHUB = 'github',
  /** gitlab.com */
  GITLAB = 'gitlab',
  /** bitbucket.org */
  BITBUCKET = 'bitbucket',
}

/**
 * Options of `PipelineSource.connection`.
 */
export interface ConnectionSourceOptions {
  /**
   * ARN of the AWS CodeConnections (formerly CodeStar Connections) connection to the repository host,
   * `arn:aws:codeconnections:<region>:<account>:connection/<id>` or `arn:aws:codestar-connections:...`.
   */
  readonly connectionArn: string;

  /**
   * Where the repository is hosted, for the link to the change that approvals carry.
   *
   * @default RepositoryHost.GITHUB
   */
  readonly host?: RepositoryHost;

  /**
   * Whether a push to the branch starts the pipeline.
   *
   * @default true
   */
  readonly triggerOnPush?: boolean;
}

const COMMIT_URLS: Record<RepositoryHost, (repo: string, commit: string) => string> = {
  [RepositoryHost.GITHUB]: (repo, commit) => `https://github.com/${repo}/commit/${commit}`,
  [RepositoryHost.GITLAB]: (repo, commit) => `https://gitlab.com/${repo}/-/commit/${commit}`,
  [RepositoryHost.BITBUCKET]: (repo, commit) => `https://bitbucket.org/${repo}/commits/${commit}`,
};

/**
 * Where a `PavedRoadPipeline` gets its source: a CodeConnections connection (GitHub, GitLab,
 * Bitbucket) by default, CodeCommit or S3 as alternatives. The pipeline starts on a change to the
 * chosen branch (or object).
 *
 * @example
 * PipelineSource.connection('my-org/my-repo', 'main', { connectionArn: 'arn:aws:codeconnections:us-east-1:123456789012:connection/abc' });
 */
export class PipelineSource {
  /**
   * A GitHub, GitLab or Bitbucket repository reached through an AWS CodeConnections connection.
   *
   * @param repository the repository as `owner/name`
   * @param branch the branch that triggers the pipeline (a name git accepts for a branch)
   */
  public static connection(repository: string, branch: string, options: ConnectionSourceOptions): PipelineSource {
    // Options of the wrong kind are kept as given: the pipeline's validation names them.
    return new PipelineSource('connection', repository, branch, options?.connectionArn, { connection: options });
  }

  /**
   * An AWS CodeCommit repository; a push to the branch starts the pipeline (through an EventBridge rule).
   *
   * @param branch the branch that triggers the pipeline
   */
  public static codeCommit(repository: codecommit.IRepository, branch: string): PipelineSource {
    return new PipelineSource('codecommit', repository?.repositoryName, branch, undefined, { repository });
  }

  /**
   * A zip file in S3 (the bucket must be versioned); the pipeline polls the object for new versions.
   *
   * @param objectKey the key of the zip file
   */
  public static s3(bucket: s3.IBucket, objectKey: string): PipelineSource {
    return new PipelineSource('s3', objectKey, objectKey, undefined, { bucket });
  }

  /** The kind of source: `connection`, `codecommit` or `s3`. */
  public readonly kind: string;
  /** What the source reads: `owner/name` of a connection repository, a CodeCommit repository name, or an S3 object key. */
  public readonly location: string;
  /** The branch that triggers the pipeline (for S3, the object key). */
  public readonly branch: string;
  /** The connection ARN of a connection source. */
  public readonly connectionArn?: string;

  /** What the factory was given, for the pipeline's validation. @internal */
  public readonly _detail: {
    readonly connection?: ConnectionSourceOptions;
    readonly repository?: codecommit.IRepository;
    readonly bucket?: s3.IBucket;
  };

  private constructor(kind: string, location: string, branch: string, connectionArn: string | undefined, detail: SourceDetail) {
    this._detail = detail;
    this.kind = kind;
    this.location = location;
    this.branch = branch;
    this.connectionArn = connectionArn;
  }

  /** The CDK Pipelines source this builds. @internal */
  public _toCodePipelineSource(): pipelines.CodePipelineSource {
    const { connection, repository, bucket } = this._detail;
    if (connection) {
      return pipelines.CodePipelineSource.connection(this.location, this.branch, {
        connectionArn: connection.connectionArn,
        triggerOnPush: connection.triggerOnPush ?? true,
      });
    }
    if (repository) return pipelines.CodePipelineSource.codeCommit(repository, this.branch);
    return pipelines.CodePipelineSource.s3(bucket!, this.location);
  }

  /**
   * A web link to the change a pipeline execution runs (a commit, or an S3 object version), built
   * from the variables of the source action.
   * @internal
   */
  public _changeLink(source: pipelines.CodePipelineSource): string {
    const { connection, repository, bucket } = this._detail;
    if (connection) {
      const url = COMMIT_URLS[connection.host ?? RepositoryHost.GITHUB] ?? COMMIT_URLS[RepositoryHost.GITHUB];
      return url(this.location, source.sourceAttribute('CommitId'));
    }
    if (repository) {
      return `https://console.aws.amazon.com/codesuite/codecommit/repositories/${repository.repositoryName}/commit/${source.sourceAttribute('CommitId')}?region=${repository.env.region}`;
    }
    return `https://console.aws.amazon.com/s3/object/${bucket!.bucketName}?region=${bucket!.env.region}&prefix=${this.location}&versionId=${source.sourceAttribute('VersionId')}`;
  }
}

/** What one kind of source needs to build itself. */
interface SourceDetail {
  readonly connection?: ConnectionSourceOptions;
  readonly repository?: codecommit.IRepository;
  readonly bucket?: s3.IBucket;
}
