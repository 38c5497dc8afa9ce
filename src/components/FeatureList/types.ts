import type { FeatureArea } from '@/features'

export interface FeatureListProps {
  areas: readonly FeatureArea[]
  onOpen: (area: FeatureArea) => void
}
