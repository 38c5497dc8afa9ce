export interface EmptyStateProps {
  title: string
  description?: string
}
