import { AssignerProtocol, type PartitionAssigner } from 'kafkajs';

/** Assigns one partition to a group's only member: how a kafkajs consumer reads a single partition (it has no assign()). */
export function onePartitionAssigner(topic: string, partition: number): PartitionAssigner {
  const name = 'LifeboatOnePartition';
  return () => ({
    name,
    version: 1,
    async assign({ members }) {
      return members.map((member, i) => ({
        memberId: member.memberId,
        memberAssignment: AssignerProtocol.MemberAssignment.encode({ version: 1, assignment: i === 0 ? { [topic]: [partition] } : {}, userData: Buffer.alloc(0) }),
      }));
    },
    protocol({ topics }) {
      return { name, metadata: AssignerProtocol.MemberMetadata.encode({ version: 1, topics, userData: Buffer.alloc(0) }) };
    },
  });
}
