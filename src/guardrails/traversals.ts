import { IConstruct } from 'constructs';

/**
 * Numbers an aspect's traversals of the tree. An aspect first visits the construct it was added to,
 * and visits it again only when the tree is synthesized again: the assertions library's
 * `Template.fromStack` and `Annotations.fromStack` each synthesize the app anew, and a test may
 * change the tree in between.
 * @internal
 */
export class Traversals {
  private root?: IConstruct;
  private count = 0;

  /** The number of the traversal that visits `node`: 1 in the first synthesis. Call on every visit. */
  public of(node: IConstruct): number {
    if (this.root === undefined) this.root = node;
    if (node === this.root) this.count++;
    return this.count;
  }
}
