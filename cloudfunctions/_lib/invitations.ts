import { createHash, randomBytes } from 'node:crypto'
import { codeFromBytes, CODE_LENGTH } from '../../common/rules/invitation-code'

/** A fresh invitation code: 50 bits from the OS's CSPRNG. */
export function newInvitationCode(): string {
  return codeFromBytes(randomBytes(CODE_LENGTH))
}

/** Invitations are stored under the code's digest, so that reading the database does not reveal usable codes. */
export function invitationIdOf(code: string): string {
  return createHash('sha256').update(`xiangzhi-invitation:${code}`).digest('hex').slice(0, 48)
}
