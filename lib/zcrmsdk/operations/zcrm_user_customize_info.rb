# frozen_string_literal: true

module ZCRMSDK
  module Operations
    # A user's UI preferences (`customize_info`).
    class ZCRMUserCustomizeInfo
      attr_accessor :notes_desc, :is_to_show_right_panel, :is_bc_view, :is_to_show_home,
                    :is_to_show_detail_view, :unpin_recent_item

      # 1.0.x's constructor, the same as `new`; it sends nothing.
      # @return [ZCRMSDK::Operations::ZCRMUserCustomizeInfo]
      def self.get_instance
        new
      end
    end
  end
end
