# frozen_string_literal: true

module ZCRMSDK
  module Operations
    # A user's theme colours (`theme`).
    class ZCRMUserTheme
      attr_accessor :normal_tab_font_color, :normal_tab_background, :selected_tab_font_color,
                    :selected_tab_background, :new_background, :background, :screen, :type

      # 1.0.x's constructor, the same as `new`; it sends nothing.
      # @return [ZCRMSDK::Operations::ZCRMUserTheme]
      def self.get_instance
        new
      end
    end
  end
end
