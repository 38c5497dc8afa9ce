import { AppError } from '../../common/errors'
import { cloud, type Database } from './cloud'
import { findById, newId } from './records'
import { C } from './collections'

/**
 * Files attached to records (photos of a resident's request). One interface, two stores:
 * - in CloudBase (TENCENTCLOUD_RUNENV=SCF): the bytes go to cloud storage (`cloud.uploadFile`), the `files`
 *   document keeps the storage fileID;
 * - offline (local server, tests): the local cloud has no storage endpoint, so small images are kept as a data
 *   URL inside the `files` document itself (photos are compressed on the phone to ≤ 200 KB first; a document is
 *   at most 512 KB).
 * Either way a file is known to the app by the `files` document id, always bounded to one village.
 */
export const FILES_COLLECTION = C.files

export interface FileDoc {
  _id: string
  villageId: string
  name: string
  contentType: string
  size: number
  createdAt: Date
  createdBy: string
  /** Cloud storage fileID (CloudBase). */
  cloudFileId?: string | null
  /** The file itself as a data URL (offline store). */
  dataUrl?: string | null
}

export interface FileStore {
  put(
    db: Database,
    file: { villageId: string; name: string; dataUrl: string; createdBy: string },
    now: Date,
  ): Promise<string>
  get(db: Database, villageId: string, fileId: string): Promise<string>
}

function parseDataUrl(dataUrl: string): { contentType: string; bytes: Buffer } {
  const match = /^data:([\w/+.-]+);base64,(.*)$/s.exec(dataUrl)
  if (!match) throw new AppError('INVALID_ARGUMENT', '图片格式不正确')
  return { contentType: match[1]!, bytes: Buffer.from(match[2]!, 'base64') }
}

async function load(db: Database, villageId: string, fileId: string): Promise<FileDoc> {
  const doc = await findById<FileDoc>(db, FILES_COLLECTION, fileId)
  if (!doc || doc.villageId !== villageId) throw new AppError('NOT_FOUND', '找不到这张照片')
  return doc
}

export const collectionFileStore: FileStore = {
  async put(db, { villageId, name, dataUrl, createdBy }, now) {
    const { contentType, bytes } = parseDataUrl(dataUrl)
    const _id = newId('f')
    const doc: FileDoc = {
      _id,
      villageId,
      name,
      contentType,
      size: bytes.length,
      createdAt: now,
      createdBy,
      dataUrl,
      cloudFileId: null,
    }
    await db.collection(FILES_COLLECTION).add({ data: doc as unknown as Record<string, unknown> })
    return _id
  },
  async get(db, villageId, fileId) {
    const doc = await load(db, villageId, fileId)
    if (!doc.dataUrl) throw new AppError('NOT_FOUND', '找不到这张照片')
    return doc.dataUrl
  },
}

type StorageApi = {
  uploadFile(args: { cloudPath: string; fileContent: Buffer }): Promise<{ fileID: string }>
  downloadFile(args: { fileID: string }): Promise<{ fileContent: Buffer }>
}

export const cloudStorageFileStore: FileStore = {
  async put(db, { villageId, name, dataUrl, createdBy }, now) {
    const { contentType, bytes } = parseDataUrl(dataUrl)
    const _id = newId('f')
    const ext = contentType.split('/')[1] ?? 'bin'
    const { fileID } = await (cloud as unknown as StorageApi).uploadFile({
      cloudPath: `requests/${villageId}/${_id}.${ext}`,
      fileContent: bytes,
    })
    const doc: FileDoc = {
      _id,
      villageId,
      name,
      contentType,
      size: bytes.length,
      createdAt: now,
      createdBy,
      cloudFileId: fileID,
      dataUrl: null,
    }
    await db.collection(FILES_COLLECTION).add({ data: doc as unknown as Record<string, unknown> })
    return _id
  },
  async get(db, villageId, fileId) {
    const doc = await load(db, villageId, fileId)
    if (doc.dataUrl) return doc.dataUrl
    if (!doc.cloudFileId) throw new AppError('NOT_FOUND', '找不到这张照片')
    const { fileContent } = await (cloud as unknown as StorageApi).downloadFile({ fileID: doc.cloudFileId })
    return `data:${doc.contentType};base64,${Buffer.from(fileContent).toString('base64')}`
  },
}

export function fileStore(env: NodeJS.ProcessEnv = process.env): FileStore {
  return env.TENCENTCLOUD_RUNENV === 'SCF' ? cloudStorageFileStore : collectionFileStore
}
