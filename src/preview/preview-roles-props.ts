import * as iam from 'aws-cdk-lib/aws-iam';
import { PavedRoadConstructProps } from '../core/paved-road-construct';

/**
 * Props of `PreviewRoles`.
 */
export interface PreviewRolesProps extends PavedRoadConstructProps {
  /**
   * The qualifier of the account's CDK bootstrap stack: previews publish their assets to its bucket and container
   * repository (never through its roles) and check its version parameter.
   *
   * @default 'hnb659fds' (the CDK default)
   */
  readonly bootstrapQualifier?: string;

  /**
   * Principals that may deploy and destroy previews by hand (`cdk deploy -c branch=...`), e.g. the developers' SSO
   * role. `PreviewDeployments` adds its own build role. Only roles in this account.
   *
   * @default - none: only the pull-request builds of `PreviewDeployments` deploy previews.
   */
  readonly deployers?: iam.IRole[];
}
